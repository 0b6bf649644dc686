// Which file of the built renderer a URL path means, for both hosts (app:// and HTTP). Nothing
// outside the root is ever reachable (no "..", no encoded slashes escaping it), and a path
// without a file extension is one of the page's own routes: index.html.
import { statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';

export function resolveStaticFile(root: string, pathname: string): string | null {
  const base = resolve(root);
  let rel: string;
  try {
    rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  } catch {
    return null; // malformed percent-encoding
  }
  if (rel.includes('\0')) return null;
  let file = join(base, rel);
  if (file !== base && !file.startsWith(base + sep)) return null;
  if (isDir(file)) file = join(file, 'index.html');
  else if (!isFile(file) && !extname(rel)) file = join(base, 'index.html');
  return isFile(file) ? file : null;
}

function isFile(f: string) {
  try {
    return statSync(f).isFile();
  } catch {
    return false;
  }
}

function isDir(f: string) {
  try {
    return statSync(f).isDirectory();
  } catch {
    return false;
  }
}
