// One handler per vpn.* method of the contract. The table's type names every VPN method, so the
// compiler refuses a contract method that is not served here (as the core's Handlers do).
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { MethodOutput, MethodParsedInput, VpnMethodName } from '../../shared/contract';
import { StudioError } from '../../shared/result';
import { connect, disconnect } from './activation';
import { I_CONN, I_SETTINGS, NM, SETTINGS_PATH, Variant, callMethod, nmError, unwrap } from './bus';
import { removeCertFiles, removeOwnFiles, writeCertFiles } from './cert-files';
import type { Loader } from './loader';
import { nmcliExport, safeFileName, type NmcliOptions } from './nmcli';
import { addCommand, modifyCommand, type CommandSettings } from './nmcli-command';
import { OPENVPN_SERVICE, fieldsToVpnData, vpnDataToFields } from './openvpn-data';
import { addOvpnImport, prepareOvpnImport } from './ovpn-import-add';
import { checkOpenvpnInlineBlocks, choosePlugin } from './plugin-choice';
import type { PluginLog } from './plugin-log';
import type { Presence } from './presence';
import { savableSecrets, saveSecrets } from './saved-secrets';
import { updateKeepingSecrets, type RawSettings } from './settings';
import { applyIpFields, ipCommandSettings, ipFieldsOf, type IpFields } from './vpn-ip-settings';
import type { Profile, VpnState } from './state';
import { convertWireguard } from './wg-import';
import { addWireguardImport } from './wg-import-add';

type VpnHandlers = { [K in VpnMethodName]: (input: MethodParsedInput<K>) => Promise<MethodOutput<K>> };

export interface HandlerParts {
  presence: Presence;
  state: VpnState;
  loader: Loader;
  nmcli: NmcliOptions;
  /** Where inline PEM from the form is written. */
  certDir: string;
  /** Where NetworkManager's VPN plugins put their .name files. */
  vpnPluginDir: string;
  /** Who owns created profiles (connection.permissions user:NAME), null for system-wide. */
  owner: string | null;
  /** Where the VPN plugin's own lines are read after a failure (plugin-log.ts), null for nowhere. */
  pluginLog: PluginLog | null;
}

export function vpnHandlers({ presence, state, loader, nmcli, certDir, vpnPluginDir, owner, pluginLog }: HandlerParts): VpnHandlers {
  /** The owner of a created or imported profile: the desktop user unless the call asked for a system-wide one. */
  const ownerFor = (scope: 'user' | 'system' | undefined) => (scope === 'system' ? null : owner);
  /** The profile as it is now in NetworkManager (after a change of ours, before its signal). */
  const reread = async (p: Profile) => state.view((await loader.loadProfile(p.path, false)) ?? p);

  return {
    'vpn.status': async () => {
      if (!presence.isClosed) await presence.ensureBus().catch(() => {});
      return presence.status;
    },

    'vpn.list': async () => {
      await presence.requireRunning();
      return state.list();
    },

    'vpn.get': async ({ uuid }) => {
      const b = await presence.requireRunning();
      const p = await loader.profileByUuid(b, uuid);
      // GetSettings leaves out values at their default (autoconnect is on by default): the
      // profile as loaded already reads that right.
      let fields = p.serviceType === OPENVPN_SERVICE ? vpnDataToFields(p.name, p.autoconnect, p.data) : null;
      if (fields) {
        // the IP settings the form shows (never-default, DNS, routes): not kept in the profile list
        const raw = unwrap((await callMethod(b, NM, p.path, I_CONN, 'GetSettings').catch(() => [{}]))[0]) as Record<string, Record<string, unknown>>;
        const ip = ipFieldsOf(raw);
        fields = { ...fields, ...(ip.neverDefault ? { neverDefault: true } : {}), ...(ip.dns.length ? { dns: ip.dns } : {}), ...(ip.dnsSearch.length ? { dnsSearch: ip.dnsSearch } : {}), ...(ip.dnsSearchIpv6.length ? { dnsSearchIpv6: ip.dnsSearchIpv6 } : {}), ...(ip.routes.length ? { routes: ip.routes } : {}) };
      }
      return { profile: state.view(p), fields };
    },

    // OpenVPN: `nmcli connection import type openvpn file F`, but owned by the desktop user
    // (connection.permissions user:OWNER): converted by us (ovpn-import.ts), added over D-Bus.
    // WireGuard: `nmcli connection import type wireguard file F`, owned by the desktop user the same
    // way: converted by us (wg-import.ts), added over D-Bus (wg-import-add.ts).
    'vpn.import': async ({ fileName, content, scope }) => {
      const plugin = choosePlugin(fileName, content);
      if (plugin.pluginNameFile && !existsSync(join(vpnPluginDir, plugin.pluginNameFile))) {
        throw new StudioError('unsupported', `NetworkManager's ${plugin.label} plugin is not installed: install the Debian package ${plugin.debianPackage}`);
      }
      if (plugin.nmcliType === 'openvpn') {
        checkOpenvpnInlineBlocks(fileName, content);
        const prepared = prepareOvpnImport(certDir, fileName, content);
        const b = await presence.requireRunning();
        const { path, command } = await addOvpnImport(b, certDir, ownerFor(scope), fileName, prepared);
        const p = state.profiles.get(path) ?? (await loader.loadProfile(path, false));
        if (!p) throw new StudioError('internal', `NetworkManager added ${fileName} but it cannot be read back`);
        return { ...state.view(p), command };
      }
      const wg = convertWireguard(fileName, content);
      const b = await presence.requireRunning();
      const { path, command } = await addWireguardImport(b, ownerFor(scope), fileName, wg);
      const p = state.profiles.get(path) ?? (await loader.loadProfile(path, false));
      if (!p) throw new StudioError('internal', `NetworkManager added ${fileName} but it cannot be read back`);
      return { ...state.view(p), command };
    },

    // `nmcli connection add type vpn vpn-type openvpn con-name NAME connection.permissions user:OWNER vpn.data ... vpn.secrets ...`
    // (no permissions for scope "system")
    'vpn.create': async (fields) => {
      const b = await presence.requireRunning();
      const uuid = randomUUID();
      const f = await writeCertFiles(certDir, fields, uuid);
      const { data, secrets } = fieldsToVpnData(f);
      const creator = ownerFor(fields.scope);
      const permissions = creator ? [`user:${creator}`] : [];
      const command = addCommand({ uuid, id: f.name, autoconnect: f.autoconnect, data, secrets, permissions, ip: ipCommandSettings(null, f).after });
      const connection: RawSettings[string] = { id: new Variant('s', f.name), uuid: new Variant('s', uuid), type: new Variant('s', 'vpn'), autoconnect: new Variant('b', f.autoconnect) };
      // owned by the desktop user: creating it needs only settings.modify.own
      if (permissions.length) connection.permissions = new Variant('as', permissions);
      const settings = {
        connection,
        vpn: { 'service-type': new Variant('s', OPENVPN_SERVICE), data: new Variant('a{ss}', data), secrets: new Variant('a{ss}', secrets) },
      } as RawSettings;
      settings.ipv4 = { method: new Variant('s', 'auto') };
      settings.ipv6 = { method: new Variant('s', 'auto') };
      applyIpFields(settings, null, f);
      let path: string;
      try {
        [path] = (await callMethod(b, NM, SETTINGS_PATH, I_SETTINGS, 'AddConnection', 'a{sa{sv}}', [settings])) as [string];
      } catch (e) {
        throw nmError(e, `creating ${f.name}`);
      }
      const p = state.profiles.get(path) ?? (await loader.loadProfile(path, false));
      if (!p) throw new StudioError('internal', `NetworkManager added ${f.name} but it cannot be read back`);
      return { ...state.view(p), command };
    },

    // `nmcli connection modify UUID connection.id NAME vpn.data ...` (other keys kept)
    'vpn.update': async ({ uuid, fields }) => {
      const b = await presence.requireRunning();
      const p = await loader.profileByUuid(b, uuid);
      if (p.serviceType !== OPENVPN_SERVICE) throw new StudioError('unsupported', `${p.name} is not an OpenVPN profile: only OpenVPN profiles are edited with the form`, { field: 'uuid' });
      const f = await writeCertFiles(certDir, fields, p.uuid, Object.values(p.data));
      let before: CommandSettings | undefined;
      let after: CommandSettings | undefined;
      try {
        await updateKeepingSecrets(b, p, (raw, secrets) => {
          const ipWas: IpFields = ipFieldsOf(unwrap(raw) as Record<string, Record<string, unknown>>);
          const ip = ipCommandSettings(ipWas, f);
          applyIpFields(raw, ipWas, f);
          before = { uuid: p.uuid, id: p.name, autoconnect: p.autoconnect, data: { ...p.data }, secrets: { ...secrets }, ip: ip.before };
          const { data, secrets: given } = fieldsToVpnData(f, p.data);
          (raw.connection ??= {}).id = new Variant('s', f.name);
          raw.connection.autoconnect = new Variant('b', f.autoconnect);
          (raw.vpn ??= {}).data = new Variant('a{ss}', data);
          Object.assign(secrets, given);
          // a secret now asked for every time, or of a kind the profile no longer uses, must not stay stored
          const tls = f.connectionType === 'tls' || f.connectionType === 'password-tls';
          const password = f.connectionType === 'password' || f.connectionType === 'password-tls';
          if (f.passwordFlag === 'ask' || !password) delete secrets.password;
          if (f.keyPasswordFlag === 'ask' || !tls) delete secrets['cert-pass'];
          // the proxy password goes with its user name (kept while the profile never had one, as nmcli may make it)
          if ((f.proxyUsername && f.proxyPasswordFlag === 'ask') || (p.data['http-proxy-username'] && !data['http-proxy-username'])) delete secrets['http-proxy-password'];
          after = { uuid: p.uuid, id: f.name, autoconnect: f.autoconnect, data, secrets: { ...secrets }, ip: ip.after, path: p.path };
        });
      } catch (e) {
        throw nmError(e, `changing ${p.name}`);
      }
      return { ...(await reread(p)), command: before && after ? modifyCommand(before, after) : null };
    },

    // `nmcli connection modify UUID connection.id NAME`
    'vpn.rename': async ({ uuid, name }) => {
      const b = await presence.requireRunning();
      const p = await loader.profileByUuid(b, uuid);
      try {
        await updateKeepingSecrets(b, p, (raw) => {
          (raw.connection ??= {}).id = new Variant('s', name);
        });
      } catch (e) {
        throw nmError(e, `renaming ${p.name}`);
      }
      return reread(p);
    },

    // `nmcli connection delete UUID`
    'vpn.delete': async ({ uuid }) => {
      const b = await presence.requireRunning();
      const p = await loader.profileByUuid(b, uuid);
      try {
        await callMethod(b, NM, p.path, I_CONN, 'Delete');
      } catch (e) {
        throw nmError(e, `deleting ${p.name}`);
      }
      loader.removeProfile(p.path);
      await removeCertFiles(certDir, p.uuid);
      // the certificate and key files the profile alone used, where we or nmcli's importer put them
      const stillUsed = new Set([...state.profiles.values()].flatMap((o) => Object.values(o.data)));
      await removeOwnFiles(Object.values(p.data).filter((v) => !stillUsed.has(v)), [certDir, join(nmcli.home ?? homedir(), '.cert')]);
      return {};
    },

    // `nmcli connection export UUID FILE`
    'vpn.export': async ({ uuid }) => {
      const p = await loader.profileByUuid(await presence.requireRunning(), uuid);
      const content = await nmcliExport(nmcli, p.uuid);
      const ext = p.connType === 'wireguard' ? 'conf' : 'ovpn';
      // the name may hold a slash; safeFileName would keep only what follows it
      return { fileName: safeFileName(`${p.name.replace(/[/\\]/g, '_')}.${ext}`), content };
    },

    'vpn.connect': async ({ uuid, timeoutMs }) => connect(await presence.requireRunning(), state, loader, uuid, timeoutMs, pluginLog),

    'vpn.disconnect': async ({ uuid }) => disconnect(await presence.requireRunning(), state, loader, uuid),

    'vpn.secrets.answer': async ({ requestId, secrets, save }) => {
      const b = await presence.requireRunning();
      const agent = presence.requireAgent();
      const request = agent.request(requestId);
      agent.answer(requestId, secrets);
      const keep = save ? savableSecrets(request, secrets) : {};
      if (Object.keys(keep).length === 0) return {};
      // keep them in NetworkManager from now on
      const p = await loader.profileByUuid(b, request.uuid);
      try {
        await updateKeepingSecrets(b, p, (raw, stored) => saveSecrets(raw, stored, request.settingName, keep));
      } catch (e) {
        throw nmError(e, `saving the secrets of ${p.name}`);
      }
      return {};
    },

    'vpn.secrets.cancel': ({ requestId }) => {
      presence.requireAgent().cancel(requestId);
      return Promise.resolve({});
    },
  };
}
