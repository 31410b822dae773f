kubernetes_minor           = "1.30"
kubernetes_package_version = "1.30.2-1.1"
