/**
 * The manager's own key pair, by which an agent tells its manager from anything else at the
 * manager's URL (`agent.prove`). A key rather than a certificate, so the proof passes through a
 * TLS-terminating proxy and works in any runtime. The runtime keeps the private key (the Node
 * adapter in a 0600 file in its data folder); the hub only asks it to sign.
 */
export interface ManagerKey {
  /**
   * The public key, raw Ed25519 in base64url: what an agent keeps beside its credential. A
   * promise, so a runtime may load the key when it is first needed.
   */
  publicKey(): Promise<string>;
  /** An Ed25519 signature over `message`. */
  sign(message: Uint8Array<ArrayBuffer>): Promise<Uint8Array>;
}
