// Which Debian package provides each program kiln runs, and what each job needs: one table (the JSON
// beside this file) for the missing-program message, the action's tool setup and scripts/setup-host.sh.
import type { Arch } from './config/types.js';
import table from './debian-packages.json' with { type: 'json' };

/** What DIB needs to build a disk image. */
export const IMAGE_BUILDER_PACKAGES: readonly string[] = table.imageBuilders;

/** What `kiln test` runs besides the emulator: overlays and image reads, the NoCloud seed, ext4 reads. */
export const BOOT_TEST_TOOLS: readonly string[] = table.bootTestTools;

/** UEFI firmware of the guests of architectures whose machines boot with one. */
export const UEFI_FIRMWARE_PACKAGES: Partial<Record<Arch, string>> = table.uefiFirmware;

/** The Debian package that provides a program kiln runs, if kiln knows it. */
export function packageOf(program: string): string | undefined {
  return (table.programs as Record<string, string>)[program];
}
