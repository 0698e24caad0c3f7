// Finding the copydesk binary: the `copydesk.path` setting, else `copydesk` on PATH.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface Resolved {
  /** Absolute path of an executable copydesk binary, when one was found. */
  path?: string;
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

export function resolveBinary(setting: string | undefined, workspaceFolder?: string): Resolved {
  if (setting && setting.trim()) {
    const p = expandPath(setting, workspaceFolder);
    if (!path.isAbsolute(p)) {
      // a bare command name such as "copydesk-nightly": look it up on PATH
      const found = which(p);
      return found ? { path: found, detail: `"${p}" on PATH` } : { detail: `"copydesk.path" is "${setting}", which is not on PATH` };
    }
    if (isExecutableFile(p)) return { path: p, detail: `"copydesk.path" = ${p}` };
    const why = fs.existsSync(p) ? 'is not an executable file' : 'does not exist';
    return { detail: `"copydesk.path" is "${setting}", and ${p} ${why}` };
  }
  const found = which('copydesk');
  return found ? { path: found, detail: `copydesk on PATH (${found})` } : { detail: 'no "copydesk" on PATH and "copydesk.path" is not set' };
}
