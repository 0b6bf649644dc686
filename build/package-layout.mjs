// Builds what the deb and the AppImage would contain, without downloading anything: electron-
// builder's `dir` target with a stand-in Electron directory, then the deb target stopped just
// before it would run fpm (which electron-builder downloads), keeping the file list it would have
// handed to fpm. e2e/packaging.pkg.test.ts installs that list into a throwaway overlay and starts
// the helper through the installed launcher.
//
//   node build/package-layout.mjs OUT_DIR [ELECTRON_STAND_IN_DIR]
//
// Writes OUT_DIR/linux-unpacked/ (the app as /opt/Netns Studio holds it), OUT_DIR/deb-files.json
// ([{ from, to }], what fpm would place where) and OUT_DIR/after-install.sh (the deb's script).
//
// The stand-in: a real Electron cannot be downloaded here, so the stand-in directory holds the
// Node binary under Electron's name ("electron"). Node ignores ELECTRON_RUN_AS_NODE and runs the
// script it is given, which is what Electron does in run-as-node mode, so the launcher runs the
// helper the same way. Fuses cannot be flipped on a stand-in (they are bytes in Electron's
// binary), so this build leaves them out; build/electron-builder.yml's fuses apply to real builds.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import eb from 'electron-builder';
// js-yaml comes with electron-builder (app-builder-lib reads its YAML configs with it)
import yaml from 'js-yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? '');
if (!process.argv[2]) {
  console.error('usage: node build/package-layout.mjs OUT_DIR [ELECTRON_STAND_IN_DIR]');
  process.exit(2);
}
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;

let standIn = process.argv[3];
let ownStandIn = false;
if (!standIn) {
  standIn = mkdtempSync(join(tmpdir(), 'netns-studio-electron-'));
  ownStandIn = true;
  copyFileSync(process.execPath, join(standIn, 'electron'));
  // what electron-builder and the deb's after-install script expect beside the binary
  writeFileSync(join(standIn, 'chrome-sandbox'), '');
  writeFileSync(join(standIn, 'version'), electronVersion);
  mkdirSync(join(standIn, 'resources'));
}

// electron-builder changes the object it is given: each build gets its own
const config = () => ({
  // the project's own config, as `npm run package` uses it, with only the stand-in's changes
  ...yaml.load(readFileSync(join(root, 'build/electron-builder.yml'), 'utf8')),
  electronDist: standIn,
  electronVersion,
  electronFuses: null,
  directories: { output: out, buildResources: join(root, 'build') },
});

try {
  await eb.build({ projectDir: root, targets: eb.Platform.LINUX.createTarget('dir', eb.Arch.x64), config: config() });
  let files = null;
  await eb.build({
    projectDir: root,
    // the unpacked app from above, as the deb target would take it from its own dir step
    prepackaged: join(out, 'linux-unpacked'),
    targets: eb.Platform.LINUX.createTarget('deb', eb.Arch.x64),
    config: config(),
    // electron-builder's hook for "the fpm arguments are known": answering true stops it there
    effectiveOptionComputed: async ([args]) => {
      const afterInstall = args[args.indexOf('--after-install') + 1];
      copyFileSync(afterInstall, join(out, 'after-install.sh'));
      files = args
        .filter((a) => !a.startsWith('-') && a.includes('=/'))
        .map((a) => {
          const i = a.lastIndexOf('=/');
          let from = resolve(root, a.slice(0, i));
          // electron-builder's own temporary files (the .desktop entry) go when it returns: keep them
          if (!from.startsWith(`${root}/`) && !from.startsWith(`${out}/`)) {
            const kept = join(out, 'generated', from.split('/').pop().replace(/^\d+-/, ''));
            mkdirSync(dirname(kept), { recursive: true });
            copyFileSync(from, kept);
            from = kept;
          }
          return { from, to: a.slice(i + 1) };
        });
      return true;
    },
  });
  if (!files) throw new Error('electron-builder never computed the deb layout');
  writeFileSync(join(out, 'deb-files.json'), `${JSON.stringify(files, null, 2)}\n`);
} finally {
  if (ownStandIn) rmSync(standIn, { recursive: true, force: true });
}
