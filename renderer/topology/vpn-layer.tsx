// The VPN layer of the canvas: reads the drawn boxes and interfaces (after the layout, and after
// a drag), asks vpn-diagram.ts where the VPN nodes go, and holds what is the diagram's own: the
// profiles group folded or open, dismissed failures, the edit form.
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Edge, Node } from '@xyflow/react';
import type { VpnProfile } from '../../shared/vpn';
import { VpnForm } from '../vpn/VpnForm';
import { connectVpn, disconnectVpn, VpnActionsContext, type VpnDiagramActions } from './vpn-actions';
import { failureKey, vpnDiagram, type DrawnBox, type DrawnInterface } from './vpn-diagram';
import { VpnGatewayNode, type VpnGatewayFlowNode } from './VpnGatewayNode';
import { VpnProfilesNode, type VpnProfilesFlowNode } from './VpnProfilesNode';

/** What the layer shows of the VPNs besides the profiles: the picture export (export/picture.ts)
 * reads it, so an exported picture has the same failures dismissed and the group as folded. */
export const vpnView: { current: { dismissed: ReadonlySet<string>; profilesOpen: boolean } } = { current: { dismissed: new Set(), profilesOpen: true } };

export const vpnNodeTypes = { 'vpn-gateway': VpnGatewayNode, 'vpn-profiles': VpnProfilesNode };
export type VpnFlowNode = VpnGatewayFlowNode | VpnProfilesFlowNode;

/** What the layer needs of the canvas's nodes: namespace boxes and interfaces, as React Flow holds them. */
type CanvasNode = Node & { type?: string; data: Record<string, unknown> };

const size = (n: Node) => ({ w: n.width ?? n.measured?.width ?? 0, h: n.height ?? n.measured?.height ?? 0 });

/** The drawn rectangles, absolute; interfaces only those named like a tunnel NetworkManager reports. */
function drawn(nodes: readonly CanvasNode[], devices: ReadonlySet<string>): { boxes: DrawnBox[]; interfaces: DrawnInterface[] } {
  const boxes: DrawnBox[] = [];
  const at = new Map<string, { x: number; y: number }>();
  for (const n of nodes) {
    if (n.type !== 'namespace') continue;
    const g = n.data.group as { nsId: string; current: boolean };
    boxes.push({ id: n.id, nsId: g.nsId, current: g.current, x: n.position.x, y: n.position.y, ...size(n) });
    at.set(n.id, n.position);
  }
  const interfaces: DrawnInterface[] = [];
  for (const n of nodes) {
    if (n.type !== 'iface' || !n.parentId) continue;
    const link = n.data.link as { name: string; addresses: string[] };
    const parent = at.get(n.parentId);
    if (!parent || !devices.has(link.name)) continue;
    interfaces.push({ id: n.id, box: n.parentId, name: link.name, addresses: link.addresses, x: parent.x + n.position.x, y: parent.y + n.position.y, ...size(n) });
  }
  return { boxes, interfaces };
}

export function useVpnLayer(profiles: readonly VpnProfile[], nodes: readonly CanvasNode[], overview: boolean) {
  const [open, setOpen] = useState(true);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const [editing, setEditing] = useState<VpnProfile | null>(null);
  useEffect(() => {
    vpnView.current = { dismissed, profilesOpen: open };
  }, [dismissed, open]);

  // The canvas hands a new array of nodes on every live change; the VPN nodes are placed again
  // only when a rectangle they depend on moved (or a tunnel's addresses changed).
  const geometry = useMemo(() => {
    if (!profiles.length) return null;
    const devices = new Set(profiles.flatMap((p) => (p.active?.device ? [p.active.device] : [])));
    const d = drawn(nodes, devices);
    const key = [...d.boxes.map((b) => `${b.id} ${b.x} ${b.y} ${b.w} ${b.h}`), ...d.interfaces.map((i) => `${i.id} ${i.x} ${i.y} ${i.addresses.join(',')}`)].join(';');
    return { ...d, key };
  }, [profiles, nodes]);
  const stable = useRef(geometry);
  if (stable.current?.key !== geometry?.key) stable.current = geometry;
  const shape = stable.current;

  const diagram = useMemo(
    () => (shape && profiles.length ? vpnDiagram({ profiles, boxes: shape.boxes, interfaces: shape.interfaces, overview, profilesOpen: open, dismissed }) : null),
    [profiles, shape, overview, open, dismissed],
  );

  const extraNodes = useMemo<VpnFlowNode[]>(() => {
    if (!diagram) return [];
    const specs = diagram.profiles ? [...diagram.gateways, diagram.profiles] : diagram.gateways;
    return specs.map((s) => ({
      ...s,
      style: { width: s.width, height: s.height },
      measured: { width: s.width, height: s.height },
      draggable: false,
      selectable: false,
    })) as VpnFlowNode[];
  }, [diagram]);

  const extraEdges = useMemo<Edge[]>(
    () =>
      (diagram?.edges ?? []).map((e) => ({
        id: e.id, source: e.source, target: e.target, className: `edge-vpn vpn-${e.phase}`, animated: e.phase === 'activating', focusable: false, zIndex: 1,
      })),
    [diagram],
  );

  const actions = useMemo<VpnDiagramActions>(() => ({
    connect: (p) => void connectVpn(p),
    disconnect: (p) => void disconnectVpn(p),
    edit: setEditing,
    dismiss: (p) => setDismissed((d) => new Set(d).add(failureKey(p))),
    toggleProfiles: () => setOpen((o) => !o),
  }), []);

  const close = useCallback(() => setEditing(null), []);
  /** Wraps the canvas: the nodes find their actions in the context; the form opens beside it. */
  const wrap = (canvas: ReactNode) => (
    <VpnActionsContext.Provider value={actions}>
      {canvas}
      {editing && <VpnForm open editing={editing} onClose={close} />}
    </VpnActionsContext.Provider>
  );
  return { nodes: extraNodes, edges: extraEdges, wrap };
}
