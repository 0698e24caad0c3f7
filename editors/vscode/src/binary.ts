// Finding the copydesk binary: the `copydesk.path` setting, else the binary the extension
// carries (a platform-specific .vsix has it in server/), else `copydesk` on PATH.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Where the binary came from. */
export type Source = 'setting' | 'bundled' | 'path';

export interface Resolved {
  /** Absolute path of an executable copydesk binary, when one was found. */
  path?: string;
  source?: Source;
  /** What was looked at, for the error message when nothing was found. */
  detail: string;
}

function isExecutableFile(p: string): boolean {
  try {
    if (!fs.statSync(p).isFile()) return false;
    if (process.platform !== 'win32') fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Expands `~/` and `${workspaceFolder}`, and makes a relative path absolute against the workspace folder. */
export function expandPath(setting: string, workspaceFolder?: string): string {
  let p = setting.trim();
  if (p === '~' || p.startsWith('~/')) p = path.join(os.homedir(), p.slice(1));
  if (workspaceFolder) p = p.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
  if (!path.isAbsolute(p) && (p.includes('/') || p.includes(path.sep))) {
    p = path.resolve(workspaceFolder ?? process.cwd(), p);
  }
  return p;
}

/** Searches PATH for `name` the way a shell would. */
export function which(name: string, envPath = process.env.PATH ?? ''): string | undefined {
  const exts = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE').split(';') : [''];
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

/** The binary a platform-specific .vsix carries: `server/copydesk` (`.exe` on Windows) in the extension's folder. */
export function bundledBinary(extensionPath: string, platform = process.platform): string {
  return path.join(extensionPath, 'server', platform === 'win32' ? 'copydesk.exe' : 'copydesk');
}

/** A file without its executable bit (some unpackers drop it) is made executable; false when it cannot be. */
function ensureExecutable(p: string): boolean {
  if (isExecutableFile(p)) return true;
  try {
    if (!fs.statSync(p).isFile()) return false;
    fs.chmodSync(p, 0o755);
  } catch {
    return false;
  }
  return isExecutableFile(p);
}

/**
 * The `copydesk.path` setting when set (and only it: a wrong setting is an error, not a reason
 * to run another binary), else the bundled binary when the extension carries one, else
 * `copydesk` on PATH.
 */
export function resolveBinary(setting: string | undefined, workspaceFolder?: string, bundled?: string): Resolved {
  if (setting && setting.trim()) {
    const p = expandPath(setting, workspaceFolder);
    if (!path.isAbsolute(p)) {
      // a bare command name such as "copydesk-nightly": look it up on PATH
      const found = which(p);
      return found ? { path: found, source: 'setting', detail: `"copydesk.path" = "${p}", found on PATH` } : { detail: `"copydesk.path" is "${setting}", which is not on PATH` };
    }
    if (isExecutableFile(p)) return { path: p, source: 'setting', detail: `"copydesk.path" = ${p}` };
    const why = fs.existsSync(p) ? 'is not an executable file' : 'does not exist';
    return { detail: `"copydesk.path" is "${setting}", and ${p} ${why}` };
  }
  if (bundled && fs.existsSync(bundled) && ensureExecutable(bundled)) {
    return { path: bundled, source: 'bundled', detail: `the binary bundled with the extension (${bundled})` };
  }
  const found = which('copydesk');
  return found
    ? { path: found, source: 'path', detail: `copydesk on PATH (${found})` }
    : { detail: 'this extension carries no copydesk binary for this platform, no "copydesk" on PATH and "copydesk.path" is not set' };
}
