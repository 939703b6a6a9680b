import { bytesToBase64url, type DataOf, type ManagerProof, managerProofMessage } from '@bosun/protocol';
import type { ManagerKey } from '../ports/manager-key.ts';

/**
 * The answer to `agent.prove`: the manager's public key and its signature over protocol's fixed
 * context and the agent's nonce. The agent asks before it sends its credential, so a peer
 * without this key never sees one.
 */
export async function proveManager(key: ManagerKey, request: DataOf<'agent.prove'>): Promise<ManagerProof> {
  const signature = await key.sign(managerProofMessage(request.nonce));
  return { publicKey: await key.publicKey(), signature: bytesToBase64url(signature) };
}
