import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  isAlive,
  readPid,
  startDaemon,
  stopDaemon,
  withLock,
  writePid
} from "./chunk-IBFGSWZT.js";
import {
  run,
  runChecked
} from "./chunk-SRPYJRT6.js";
import "./chunk-2RI5WXA3.js";
import {
  KeystoneSession,
  describeAnswer
} from "./chunk-32GN4VEV.js";
import {
  httpTransport
} from "./chunk-MJHFF3BW.js";
import {
  require_dist
} from "./chunk-VNYJLFTL.js";
import {
  InputError,
  WorldError
} from "./chunk-SXABORS3.js";
import {
  __toESM
} from "./chunk-NRF5ZCPO.js";

// src/devcloud/dev-cloud.ts
import { randomBytes as randomBytes2 } from "node:crypto";
import { existsSync as existsSync2 } from "node:fs";
import { mkdir as mkdir2, readFile as readFile2, rm as rm2, writeFile as writeFile2 } from "node:fs/promises";
import { join as join4, resolve } from "node:path";

// src/devcloud/clouds-file.ts
var import_yaml = __toESM(require_dist(), 1);
var ADMIN_CLOUD = "dev-admin";
var MEMBER_CLOUD = "dev-member";
var SITE_B_CLOUD = "dev-site-b";
var REGION_ONE = "RegionOne";
var REGION_TWO = "RegionTwo";
function cloudsYaml(keystoneUrl, admin, member) {
  const entry = (who, region) => ({
    auth: {
      auth_url: `${keystoneUrl}/v3`,
      username: who.username,
      password: who.password,
      project_name: "admin",
      user_domain_name: "Default",
      project_domain_name: "Default"
    },
    region_name: region,
    interface: "public",
    identity_api_version: 3
  });
  return (0, import_yaml.stringify)({
    clouds: {
      [ADMIN_CLOUD]: entry(admin, REGION_ONE),
      [MEMBER_CLOUD]: entry(member, REGION_ONE),
      [SITE_B_CLOUD]: entry(admin, REGION_TWO)
    }
  });
}

// src/devcloud/free-port.ts
import net from "node:net";
function freePort() {
  return new Promise((resolve2, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve2(port));
    });
  });
}
function portInUse(port) {
  return new Promise((resolve2) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve2(true);
    });
    socket.once("error", () => resolve2(false));
  });
}

// src/devcloud/initialise.ts
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { join as join3 } from "node:path";

// src/devcloud/services.ts
import { rm } from "node:fs/promises";
import { join as join2 } from "node:path";

// src/devcloud/readiness.ts
import { readFile } from "node:fs/promises";
async function waitUntilServing(name, url, pidFile, logFile, timeoutMs = 12e4) {
  const transport = httpTransport();
  const deadline = Date.now() + timeoutMs;
  for (; ; ) {
    const status = await transport({ method: "GET", url }).then(
      (r) => r.status,
      () => 0
    );
    if (status > 0 && status < 500) return;
    const pid = readPid(pidFile);
    const dead = !pid || !isAlive(pid);
    if (dead || Date.now() > deadline) {
      const tail = (await readFile(logFile, "utf8").catch(() => "")).trim().split("\n").slice(-15).join("\n");
      throw new WorldError({
        doing: `starting the dev cloud's ${name}`,
        target: url,
        answer: `${dead ? "the process exited" : `no answer after ${timeoutMs / 1e3} s`}; end of ${logFile}:
${tail}`
      });
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

// src/devcloud/watchdog.ts
import { spawn } from "node:child_process";
import { join } from "node:path";
var WATCHDOG = "watchdog";
var SCRIPT = `
const fs = require('fs'), path = require('path');
const [dir, owner] = process.argv.slice(1);
const alive = (p) => { try { process.kill(p, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
const daemons = () => {
  try {
    return fs.readdirSync(dir).filter((f) => f.endsWith('.pid') && f !== '${WATCHDOG}.pid')
      .map((f) => Number(fs.readFileSync(path.join(dir, f), 'utf8'))).filter((p) => p > 0 && alive(p));
  } catch { return []; }
};
const signal = (pids, sig) => { for (const p of pids) { try { process.kill(-p, sig); } catch {} } };
const timer = setInterval(() => {
  const pids = daemons();
  if (pids.length === 0) process.exit(0);
  if (alive(Number(owner))) return;
  clearInterval(timer);
  signal(pids, 'SIGTERM');
  setTimeout(() => { signal(pids, 'SIGKILL'); process.exit(0); }, 5000);
}, 1000);
`;
async function watchOwner(dir, ownerPid) {
  const pidFile = join(dir, `${WATCHDOG}.pid`);
  const current = readPid(pidFile);
  if (current && isAlive(current)) return;
  const child = spawn(process.execPath, ["-e", SCRIPT, dir, String(ownerPid)], {
    detached: true,
    stdio: "ignore"
  });
  child.unref();
  if (child.pid) await writePid(pidFile, child.pid);
}

// src/devcloud/services.ts
function uwsgiArgs(port, wsgiFile, processes) {
  return [
    "--plugin",
    "python3",
    "--http-socket",
    `127.0.0.1:${port}`,
    "--wsgi-file",
    wsgiFile,
    "--master",
    "--die-on-term",
    "--processes",
    String(processes),
    // Threads in one process share a sqlite connection pool: "database is locked".
    "--threads",
    "1",
    "--buffer-size",
    "65535",
    // uwsgi's http-socket drops keep-alive connections; tell clients not to reuse them.
    "--add-header",
    "Connection: close"
  ];
}
async function startServices(state, options, afterKeystone) {
  for (const name of daemonNames(state)) {
    const pid = readPid(join2(state.dir, `${name}.pid`));
    if (pid && isAlive(pid)) await stopDaemon(pid);
  }
  for (const port of [state.keystonePort, ...[...state.glances, ...state.barbicans].map((g) => g.port)]) {
    if (await portInUse(port)) {
      throw new WorldError({
        doing: "starting the dev cloud",
        target: state.dir,
        answer: `port ${port} it was created with is taken by another program; run kiln dev-cloud down --purge and up again`
      });
    }
  }
  const kdir = join2(state.dir, "keystone");
  await launch(state, {
    name: "keystone",
    cmd: "/usr/bin/uwsgi",
    args: uwsgiArgs(state.keystonePort, "/usr/bin/keystone-wsgi-public", 2),
    env: { ...serviceEnv(), OS_KEYSTONE_CONFIG_DIR: kdir, OS_KEYSTONE_CONFIG_FILES: "keystone.conf" },
    cwd: kdir,
    logFile: join2(kdir, "keystone.log")
  });
  await waitUntilServing(
    "Keystone",
    `${state.keystoneUrl}/v3`,
    join2(state.dir, "keystone.pid"),
    join2(kdir, "keystone.log")
  );
  await afterKeystone?.();
  await Promise.all([
    ...state.barbicans.map((b) => startBarbican(state, b)),
    ...state.glances.map(async (g) => {
      const gdir = join2(state.dir, glanceDirName(g.region));
      const name = daemonName(g);
      await launch(state, {
        name,
        cmd: "/usr/bin/glance-api",
        args: ["--config-file", join2(gdir, "glance-api.conf")],
        env: serviceEnv(),
        cwd: gdir,
        logFile: join2(gdir, "glance-api.log")
      });
      await waitUntilServing(
        `Glance ${g.region}`,
        `${g.url}/healthcheck`,
        join2(state.dir, `${name}.pid`),
        join2(gdir, "glance-api.log")
      );
    })
  ]);
  const where = (list) => list.map((g) => `${g.region} ${g.url}`).join(", ");
  options.logger.info(
    `dev-cloud: Keystone ${state.keystoneUrl}, Glance ${where(state.glances)}, Barbican ${where(state.barbicans)}`
  );
}
async function startBarbican(state, b) {
  const bdir = barbicanDir(state, b.region);
  const name = barbicanDaemonName(b);
  await launch(state, {
    name,
    cmd: "/usr/bin/uwsgi",
    args: uwsgiArgs(b.port, "/usr/bin/barbican-wsgi-api", 1),
    env: barbicanEnv(state, b.region),
    cwd: bdir,
    logFile: join2(bdir, "barbican-api.log")
  });
  await waitUntilServing(
    `Barbican ${b.region}`,
    `${b.url}/`,
    join2(state.dir, `${name}.pid`),
    join2(bdir, "barbican-api.log")
  );
}
async function launch(state, spec) {
  const pid = startDaemon(spec);
  await writePid(join2(state.dir, `${spec.name}.pid`), pid);
}
async function isServing(state) {
  const transport = httpTransport();
  const probes = [
    `${state.keystoneUrl}/v3`,
    ...state.glances.map((g) => `${g.url}/healthcheck`),
    ...state.barbicans.map((b) => `${b.url}/`)
  ];
  for (const name of daemonNames(state)) {
    const pid = readPid(join2(state.dir, `${name}.pid`));
    if (!pid || !isAlive(pid)) return false;
  }
  for (const url of probes) {
    const ok = await transport({ method: "GET", url }).then(
      (r) => r.status < 400,
      () => false
    );
    if (!ok) return false;
  }
  return true;
}
var glanceDirName = (region) => `glance-${region}`;
var barbicanDirName = (region) => `barbican-${region}`;
var barbicanDir = (state, region) => join2(state.dir, barbicanDirName(region));
var daemonName = (g) => `glance-api-${g.region}`;
var barbicanDaemonName = (b) => `barbican-api-${b.region}`;
function daemonNames(state) {
  const regions = [REGION_ONE, REGION_TWO];
  const glances = state?.glances.map(daemonName) ?? regions.map((r) => `glance-api-${r}`);
  const barbicans = state?.barbicans?.map(barbicanDaemonName) ?? regions.map((r) => `barbican-api-${r}`);
  return [...glances, ...barbicans, "keystone"];
}
function barbicanEnv(state, region) {
  return { ...serviceEnv(), HOME: barbicanDir(state, region) };
}
async function stopAll(dir, state, logger) {
  for (const name of allDaemons(state)) {
    const pid = readPid(join2(dir, `${name}.pid`));
    if (pid && isAlive(pid)) {
      logger.info(`dev-cloud: stopping ${name} (pid ${pid})`);
      await stopDaemon(pid);
    }
    await rm(join2(dir, `${name}.pid`), { force: true });
  }
}
var allDaemons = (state) => [WATCHDOG, ...daemonNames(state)];
function serviceEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(OS_|PYTHON)/.test(k)) env[k] = v;
  }
  return env;
}

// src/devcloud/service-configs.ts
function keystoneConf({ dir }) {
  return ini({
    DEFAULT: { use_stderr: "true", debug: "false" },
    database: { connection: `sqlite:///${dir}/keystone.db` },
    // Each token costs a password hash; the default rounds make every request ~0.5 s slower.
    identity: { password_hash_rounds: "4" },
    fernet_tokens: { key_repository: `${dir}/fernet-keys` },
    fernet_receipts: { key_repository: `${dir}/fernet-keys` },
    credential: { key_repository: `${dir}/credential-keys` },
    oslo_concurrency: { lock_path: `${dir}/lock` }
  });
}
function glanceConf(c) {
  return ini({
    DEFAULT: {
      bind_host: "127.0.0.1",
      bind_port: String(c.port),
      // One eventlet process: the sqlite database has a single writer.
      workers: "0",
      use_stderr: "true",
      node_staging_uri: `file://${c.dir}/staging`
    },
    database: { connection: `sqlite:///${c.dir}/glance.db` },
    glance_store: { stores: "file,http", default_store: "file", filesystem_store_datadir: `${c.dir}/images` },
    paste_deploy: { flavor: "keystone", config_file: "/etc/glance/glance-api-paste.ini" },
    keystone_authtoken: {
      www_authenticate_uri: c.keystoneUrl,
      auth_url: c.keystoneUrl,
      auth_type: "password",
      username: c.serviceUser.username,
      password: c.serviceUser.password,
      project_name: c.serviceUser.project,
      user_domain_name: "Default",
      project_domain_name: "Default",
      region_name: c.regionName,
      // No token cache: a revoked token must be refused at once (tests revoke tokens mid-run).
      token_cache_time: "-1"
    },
    // web-download from loopback URLs (the brackets are required by the option type).
    import_filtering_opts: { allowed_hosts: "[127.0.0.1,localhost]", allowed_ports: "[]" },
    oslo_concurrency: { lock_path: `${c.dir}/lock` },
    oslo_policy: { enforce_scope: "false", enforce_new_defaults: "false" },
    // Image signature verification (img_signature*): castellan reads the certificate from Barbican.
    key_manager: { backend: "barbican" },
    barbican: {
      barbican_endpoint: c.barbicanUrl,
      barbican_api_version: "v1",
      auth_endpoint: `${c.keystoneUrl}/v3`,
      // A certificate that is not there must fail the upload at once, not after 60 one-second retries.
      number_of_retries: "1"
    }
  });
}
function barbicanConf(c) {
  return ini({
    DEFAULT: {
      use_stderr: "true",
      host_href: c.url,
      sql_connection: `sqlite:///${c.dir}/barbican.db`,
      db_auto_create: "false"
    },
    simple_crypto_plugin: { kek: c.kek },
    keystone_authtoken: {
      www_authenticate_uri: c.keystoneUrl,
      auth_url: c.keystoneUrl,
      auth_type: "password",
      username: c.serviceUser.username,
      password: c.serviceUser.password,
      project_name: c.serviceUser.project,
      user_domain_name: "Default",
      project_domain_name: "Default",
      region_name: c.regionName,
      token_cache_time: "-1"
    },
    keystone_notifications: { enable: "false" },
    oslo_policy: { enforce_scope: "false", enforce_new_defaults: "false" }
  });
}
function ini(sections) {
  return Object.entries(sections).map(
    ([name, values]) => [`[${name}]`, ...Object.entries(values).map(([k, v]) => `${k} = ${v}`)].join("\n")
  ).join("\n\n").concat("\n");
}

// src/devcloud/initialise.ts
async function initKeystone(state, runner) {
  const kdir = join3(state.dir, "keystone");
  await mkdir(join3(kdir, "lock"), { recursive: true });
  const conf = join3(kdir, "keystone.conf");
  await writeFile(conf, keystoneConf({ dir: kdir }), { mode: 384 });
  const manage = (...args) => runChecked(runner, "/usr/bin/keystone-manage", ["--config-file", conf, ...args], {
    env: serviceEnv(),
    doing: `keystone-manage ${args[0]}`,
    target: "dev cloud Keystone"
  });
  await manage("db_sync");
  await useWal(join3(kdir, "keystone.db"), runner);
  const user = userInfo().username;
  const group = (await runChecked(runner, "id", ["-gn"])).stdout.trim();
  await manage("fernet_setup", "--keystone-user", user, "--keystone-group", group);
  await manage("credential_setup", "--keystone-user", user, "--keystone-group", group);
  await manage(
    "bootstrap",
    // One argument: a random password may start with '-', which argparse would take for an option.
    `--bootstrap-password=${state.passwords.admin}`,
    "--bootstrap-username",
    "admin",
    "--bootstrap-project-name",
    "admin",
    "--bootstrap-role-name",
    "admin",
    "--bootstrap-service-name",
    "keystone",
    "--bootstrap-region-id",
    REGION_ONE,
    "--bootstrap-admin-url",
    state.keystoneUrl,
    "--bootstrap-public-url",
    state.keystoneUrl,
    "--bootstrap-internal-url",
    state.keystoneUrl
  );
}
async function initGlance(state, glance, runner) {
  const gdir = join3(state.dir, glanceDirName(glance.region));
  for (const sub of ["images", "staging", "lock"]) await mkdir(join3(gdir, sub), { recursive: true });
  const conf = join3(gdir, "glance-api.conf");
  await writeFile(
    conf,
    glanceConf({
      dir: gdir,
      port: glance.port,
      keystoneUrl: state.keystoneUrl,
      regionName: glance.region,
      serviceUser: { username: "admin", password: state.passwords.admin, project: "admin" },
      barbicanUrl: state.barbicans.find((b) => b.region === glance.region).url
    }),
    { mode: 384 }
  );
  await runChecked(runner, "/usr/bin/glance-manage", ["--config-file", conf, "db_sync"], {
    env: serviceEnv(),
    doing: "glance-manage db_sync",
    target: `dev cloud Glance ${glance.region}`
  });
  await useWal(join3(gdir, "glance.db"), runner);
}
async function initBarbican(state, barbican, runner) {
  const bdir = barbicanDir(state, barbican.region);
  await mkdir(join3(bdir, ".barbican"), { recursive: true });
  const conf = join3(bdir, ".barbican", "barbican.conf");
  await writeFile(
    conf,
    barbicanConf({
      dir: bdir,
      url: barbican.url,
      keystoneUrl: state.keystoneUrl,
      regionName: barbican.region,
      serviceUser: { username: "admin", password: state.passwords.admin, project: "admin" },
      kek: randomBytes(32).toString("base64url") + "="
    }),
    { mode: 384 }
  );
  await runChecked(runner, "/usr/bin/barbican-manage", ["--config-file", conf, "db", "upgrade"], {
    env: barbicanEnv(state, barbican.region),
    doing: "barbican-manage db upgrade",
    target: `dev cloud Barbican ${barbican.region}`
  });
  await useWal(join3(bdir, "barbican.db"), runner);
}
async function useWal(db, runner) {
  await runChecked(
    runner,
    "/usr/bin/python3",
    ["-c", "import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute('PRAGMA journal_mode=WAL')", db],
    { doing: "switching sqlite to WAL", target: db }
  );
}

// src/devcloud/install.ts
import { existsSync } from "node:fs";
var REQUIRED = [
  ["/usr/bin/keystone-manage", "keystone"],
  ["/usr/bin/keystone-wsgi-public", "keystone"],
  ["/usr/bin/glance-api", "glance-api"],
  ["/usr/bin/glance-manage", "glance-api"],
  ["/usr/bin/uwsgi", "uwsgi"],
  ["/usr/lib/uwsgi/plugins/python3_plugin.so", "uwsgi-plugin-python3"],
  ["/usr/bin/barbican-wsgi-api", "barbican-api"],
  // castellan's Barbican key manager, which Glance verifies image signatures with, uses it.
  ["/usr/lib/python3/dist-packages/barbicanclient/__init__.py", "python3-barbicanclient"]
];
function missingPackages(exists = existsSync) {
  return [...new Set(REQUIRED.filter(([file]) => !exists(file)).map(([, pkg]) => pkg))];
}
async function ensureInstalled(runner, logger) {
  const missing = missingPackages();
  if (missing.length === 0) return;
  const command = `apt-get install --no-install-recommends ${missing.join(" ")}`;
  if (process.getuid?.() !== 0) {
    throw new WorldError({
      doing: "starting the dev cloud",
      answer: `missing Debian packages; run as root: ${command} (or scripts/setup-host.sh)`
    });
  }
  logger.info(`dev-cloud: installing ${missing.join(", ")} (about 2 minutes)`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  await runChecked(runner, "apt-get", ["update", "-qq"], { env, doing: "apt-get update" });
  await runChecked(runner, "apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing], {
    env,
    doing: "installing the dev cloud packages"
  });
}

// src/devcloud/keystone-setup.ts
var SERVICE_NAMES = { image: "glance", "key-manager": "barbican" };
async function registerServices(admin, services, member, identityUrl) {
  const regions = [...new Set(Object.values(services).flatMap((list) => list.map((e) => e.region)))];
  for (const region of regions) {
    await call(admin, "POST", "/regions", { region: { id: region } }, [409]);
  }
  for (const [type, endpoints] of Object.entries(services)) {
    const id = await ensureService(admin, type, SERVICE_NAMES[type] ?? type);
    for (const { region, url } of endpoints) await ensureEndpoints(admin, id, region, url);
  }
  const identityService = await ensureService(admin, "identity", "keystone");
  for (const region of regions) await ensureEndpoints(admin, identityService, region, identityUrl);
  const project = await findOne(admin, "projects", member.projectName);
  const role = await findOne(admin, "roles", "member");
  const users = (await call(admin, "GET", `/users?name=${encodeURIComponent(member.name)}`)).users;
  const userId = users[0]?.id ?? (await call(admin, "POST", "/users", {
    user: {
      name: member.name,
      password: member.password,
      domain_id: "default",
      default_project_id: project
    }
  })).user.id;
  await call(admin, "PUT", `/projects/${project}/users/${userId}/roles/${role}`);
}
async function ensureService(admin, type, name) {
  const services = (await call(admin, "GET", `/services?type=${type}`)).services;
  if (services[0]) return services[0].id;
  return (await call(admin, "POST", "/services", { service: { type, name } })).service.id;
}
async function ensureEndpoints(admin, serviceId, region, url) {
  const existing = (await call(admin, "GET", `/endpoints?service_id=${serviceId}&region_id=${region}`)).endpoints;
  for (const iface of ["public", "internal", "admin"]) {
    if (existing.some((e) => e.interface === iface && e.region_id === region)) continue;
    await call(admin, "POST", "/endpoints", {
      endpoint: { service_id: serviceId, interface: iface, region_id: region, url }
    });
  }
}
async function findOne(admin, kind, name) {
  const list = (await call(admin, "GET", `/${kind}?name=${encodeURIComponent(name)}`))[kind];
  if (!list[0]) {
    throw new WorldError({
      doing: "setting up the dev cloud",
      target: `Keystone ${kind}`,
      answer: `no ${name}`
    });
  }
  return list[0].id;
}
async function call(admin, method, path, body, okStatuses = []) {
  const res = await admin.request("identity", {
    method,
    path: `/v3${path}`,
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : void 0
  });
  if (res.status >= 300 && !okStatuses.includes(res.status)) {
    throw new WorldError({
      doing: `setting up the dev cloud: ${method} ${path}`,
      target: admin.authUrl,
      answer: describeAnswer(res)
    });
  }
  const text = res.body.toString("utf8");
  return text ? JSON.parse(text) : {};
}

// src/devcloud/dev-cloud.ts
var STATE_FILE = "state.json";
var LOCK_FILE = "lock";
var defaultDevCloudDir = (cwd) => resolve(cwd, ".cache/dev-cloud");
async function devCloudUp(options) {
  const dir = resolve(options.dir);
  await mkdir2(dir, { recursive: true, mode: 448 });
  return withLock(join4(dir, LOCK_FILE), async () => {
    let state = await readState(dir);
    if (state && !state.barbicans) {
      await stopAll(dir, state, options.logger);
      state = void 0;
    }
    if (state && await isServing(state)) {
      options.logger.info(`dev-cloud: already running (${state.keystoneUrl})`);
    } else if (state) {
      await startServices(state, options);
    } else {
      state = await create(dir, options);
    }
    if (options.ownerPid) await watchOwner(dir, options.ownerPid);
    return state;
  });
}
async function devCloudDown(options) {
  const dir = resolve(options.dir);
  if (!existsSync2(dir)) return;
  await withLock(join4(dir, LOCK_FILE), async () => {
    await stopAll(dir, await readState(dir), options.logger);
  });
  if (options.purge) await rm2(dir, { recursive: true, force: true });
}
async function readState(dir) {
  try {
    return JSON.parse(await readFile2(join4(resolve(dir), STATE_FILE), "utf8"));
  } catch {
    return void 0;
  }
}
function envLines(state, cloud = state.clouds.admin) {
  return [`export OS_CLIENT_CONFIG_FILE=${state.cloudsYaml}`, `export OS_CLOUD=${cloud}`];
}
async function create(dir, options) {
  const runner = options.runner ?? run;
  const { logger } = options;
  await ensureInstalled(runner, logger);
  const started = Date.now();
  await stopAll(dir, void 0, logger);
  const regions = [REGION_ONE, REGION_TWO];
  for (const sub of ["keystone", ...regions.map(glanceDirName), ...regions.map(barbicanDirName)]) {
    await rm2(join4(dir, sub), { recursive: true, force: true });
  }
  const keystonePort = await freePort();
  const keystoneUrl = `http://127.0.0.1:${keystonePort}`;
  const onFreePorts = async () => {
    const list = [];
    for (const region of regions) {
      const port = await freePort();
      list.push({ region, port, url: `http://127.0.0.1:${port}` });
    }
    return list;
  };
  const glances = await onFreePorts();
  const barbicans = await onFreePorts();
  const passwords = { admin: secret(), member: secret() };
  logger.secret(passwords.admin);
  logger.secret(passwords.member);
  const state = {
    dir,
    keystoneUrl,
    keystonePort,
    glances,
    barbicans,
    cloudsYaml: join4(dir, "clouds.yaml"),
    clouds: { admin: ADMIN_CLOUD, member: MEMBER_CLOUD, siteB: SITE_B_CLOUD },
    passwords
  };
  logger.info(`dev-cloud: creating Keystone, Glance and Barbican (${regions.join(", ")}) in ${dir}`);
  await Promise.all([
    initKeystone(state, runner),
    ...glances.map((g) => initGlance(state, g, runner)),
    ...barbicans.map((b) => initBarbican(state, b, runner))
  ]);
  try {
    await startServices(state, options, async () => {
      const admin = adminSession(state, logger);
      await registerServices(
        admin,
        { image: glances, "key-manager": barbicans },
        { name: "member", password: passwords.member, projectName: "admin" },
        keystoneUrl
      );
    });
  } catch (err) {
    await stopAll(dir, state, logger);
    throw err;
  }
  await writeFile2(
    state.cloudsYaml,
    cloudsYaml(
      keystoneUrl,
      { username: "admin", password: passwords.admin },
      { username: "member", password: passwords.member }
    ),
    { mode: 384 }
  );
  await writeFile2(join4(dir, STATE_FILE), JSON.stringify(state, null, 2) + "\n", { mode: 384 });
  logger.info(`dev-cloud: ready in ${Math.round((Date.now() - started) / 1e3)} s`);
  return state;
}
function adminSession(state, logger) {
  return new KeystoneSession({
    cloud: {
      name: "dev-cloud bootstrap",
      authType: "password",
      auth: {
        auth_url: state.keystoneUrl,
        username: "admin",
        password: state.passwords.admin,
        project_name: "admin"
      },
      regionName: REGION_ONE,
      interface: "public",
      verify: true,
      source: state.dir
    },
    transport: httpTransport(),
    logger,
    label: "dev cloud"
  });
}
function secret() {
  return randomBytes2(18).toString("base64url");
}

// src/cli/commands/dev-cloud.ts
var USAGE = "kiln dev-cloud up|down|env [--dir D] [--purge] [--cloud NAME]";
var devCloudCommand = {
  name: "dev-cloud",
  summary: "start, stop or show a local Keystone + Glance (two regions) for trying kiln",
  usage: USAGE,
  options: {
    dir: { type: "string" },
    purge: { type: "boolean" },
    cloud: { type: "string" }
  },
  flags: {
    dir: ["D", "state folder (default $KILN_DEV_CLOUD_DIR, else .cache/dev-cloud)"],
    purge: ["", "down: also delete the state folder"],
    cloud: ["NAME", "up, env: the cloud the export lines select (default dev-admin)"]
  },
  operands: {
    up: "start (or reuse) a local Keystone + Glance; print export lines",
    env: "print the export lines again",
    down: "stop it"
  },
  async run(values, positionals, ctx) {
    const [action, ...extra] = positionals;
    if (!action || extra.length > 0 || !["up", "down", "env"].includes(action)) {
      throw new InputError(
        `kiln dev-cloud: expected one of up, down, env${action ? `, got '${positionals.join(" ")}'` : ""}`,
        void 0,
        `usage: ${USAGE}`
      );
    }
    const dir = values.dir ? String(values.dir) : ctx.env.KILN_DEV_CLOUD_DIR ?? defaultDevCloudDir(ctx.cwd);
    if (action === "down") {
      await devCloudDown({ dir, logger: ctx.logger, purge: values.purge === true });
      ctx.logger.info(values.purge ? `dev-cloud: stopped and removed ${dir}` : "dev-cloud: stopped");
      return 0;
    }
    const state = action === "up" ? await devCloudUp({ dir, logger: ctx.logger }) : await readState(dir);
    if (!state) {
      throw new InputError(
        `kiln dev-cloud env: no dev cloud in ${dir}`,
        void 0,
        "start one with: kiln dev-cloud up"
      );
    }
    const names = Object.values(state.clouds);
    const cloud = values.cloud ? String(values.cloud) : state.clouds.admin;
    if (!names.includes(cloud)) {
      throw new InputError(
        `kiln dev-cloud: unknown cloud '${cloud}'`,
        void 0,
        `the dev cloud has ${names.join(", ")}`
      );
    }
    if (action === "up") {
      ctx.logger.info(
        `dev-cloud: clouds ${names.join(", ")} in ${state.cloudsYaml}; use them with: eval "$(kiln dev-cloud env)"`
      );
    }
    ctx.stdout(envLines(state, cloud).join("\n") + "\n");
    return 0;
  }
};
export {
  devCloudCommand
};
