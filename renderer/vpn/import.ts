// Importing VPN files (picked or dropped on the window): every file gets an answer, in the VPN
// panel (notices.ts) and a notification. A file that is not a VPN file, or larger than the
// contract allows, is refused here in words, before anything is sent; the rest go to vpn.import,
// whose refusal (the importer's own words) is said the same way.
import { refused, run } from '../app/activity';
import { notify } from '../app/toasts';
import { vpnFileProblem } from './file-check';
import { tell } from './notices';

/** Imports one file, or says why not (in the panel, a notification and the activity log). */
export async function importVpnFile(file: File): Promise<void> {
  const title = `Import ${file.name}`;
  const problem = vpnFileProblem(file);
  if (problem) {
    refused(title, problem);
    tell('error', problem);
    notify(`${file.name} not imported`, problem, 'error');
    return;
  }
  const r = await run('vpn.import', { fileName: file.name, content: await file.text() }, title);
  if (r.ok) tell('ok', `${file.name} imported as ${r.value.name}`);
  else {
    tell('error', `${file.name} not imported: ${r.error.message}`);
    notify(`${file.name} not imported`, r.error.message, 'error');
  }
}
