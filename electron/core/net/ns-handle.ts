// How the network operations name a namespace: its id (the nsfs inode), an open fd to reach it,
// and a label for messages. The namespaces module makes these from names, ids and pid:N.
export interface NsHandle {
  /** The inode of the namespace's nsfs file, in decimal. */
  id: string;
  /** An open fd of the namespace (/run/netns/NAME or /proc/PID/ns/net); owned by whoever made the handle. */
  fd: number;
  /** "namespace blue", "the namespace of pid 123": how messages name it. */
  label: string;
}
