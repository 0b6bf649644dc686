// Importing VPN files (picked or dropped on the window): every file gets an answer. A file that is
// not a VPN file, or larger than the contract allows, is refused here in words, before anything
// is sent; the rest go to vpn.import, whose answer lands in the activity log.
import { refused, run } from '../app/activity';
import { notify } from '../app/toasts';
import { vpnFileProblem } from './file-check';

/** Imports one file, or says why not (in the activity log and a notification). */
export async function importVpnFile(file: File): Promise<void> {
  const title = `Import ${file.name}`;
  const problem = vpnFileProblem(file);
  if (problem) {
    refused(title, problem);
    notify(`${file.name} not imported`, problem, 'error');
    return;
  }
  const r = await run('vpn.import', { fileName: file.name, content: await file.text() }, title);
  if (!r.ok) notify(`${file.name} not imported`, r.error.message, 'error');
}
