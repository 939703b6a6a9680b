import {
  CLOSE_CODES,
  decode,
  encodeRequest,
  isReplyFrame,
  newInbox,
  newProofNonce,
  PROTOCOL_VERSION,
  type ReplyData,
  verifyManagerProof,
} from '@bosun/protocol';
import { describe, expect, it, vi } from 'vitest';
import { createManagerKeyPkcs8, importManagerKey } from '../manager-key.ts';
import { FakeConnection } from '../testing/fake-connection.ts';
import { HOST_FACTS } from '../testing/fixtures.ts';
import { TestHub } from '../testing/test-hub.ts';

/** Sends `agent.prove` on a fresh socket and returns the manager's reply. */
async function ask(conn: FakeConnection, nonce: string): Promise<ReplyData> {
  const inbox = newInbox();
  const answered = new Promise<ReplyData>((resolve) =>
    conn.onSend((text) => {
      const decoded = decode(text);
      if (decoded.ok && isReplyFrame(decoded.frame) && decoded.frame.subject === inbox) {
        resolve(decoded.frame.data);
      }
    }),
  );
  conn.receive(encodeRequest('agent.prove', { nonce }, inbox));
  return answered;
}

describe('agent.prove', () => {
  it("answers an agent's nonce with the manager's key and a signature the agent can check", async () => {
    const t = new TestHub();
    const conn = new FakeConnection();
    conn.attach(t.hub.agentConnected(conn));
    const nonce = newProofNonce();
    const reply = await ask(conn, nonce);
    if (!reply.ok) throw new Error(reply.error.message);
    const proof = reply.result as { publicKey: string; signature: string };
    expect(proof.publicKey).toBe(await t.managerKey.publicKey());
    expect(await verifyManagerProof(proof, nonce)).toBe(true);
    expect(conn.closed).toBeUndefined();
  });

  it('proves the same key on every connection and after a restart on the same key', async () => {
    const pkcs8 = new Uint8Array(await createManagerKeyPkcs8());
    const first = new TestHub({ managerKey: await importManagerKey(pkcs8) });
    const second = new TestHub({ managerKey: await importManagerKey(pkcs8) });
    const keys = [];
    for (const t of [first, first, second]) {
      const conn = new FakeConnection();
      conn.attach(t.hub.agentConnected(conn));
      const reply = await ask(conn, newProofNonce());
      if (!reply.ok) throw new Error(reply.error.message);
      keys.push((reply.result as { publicKey: string }).publicKey);
    }
    expect(new Set(keys).size).toBe(1);
  });

  it('then takes the hello as before', async () => {
    const t = new TestHub();
    const conn = new FakeConnection();
    conn.attach(t.hub.agentConnected(conn));
    await ask(conn, newProofNonce());
    const inbox = newInbox();
    conn.receive(
      encodeRequest(
        'agent.hello',
        {
          protocol: PROTOCOL_VERSION,
          agentVersion: '0.1.0',
          host: HOST_FACTS,
          auth: { joinToken: await t.joinToken() },
        },
        inbox,
      ),
    );
    // The join hashes with Web Crypto, off the event loop: wait for the answer, not for turns.
    await vi.waitFor(() => {
      const welcome = conn.sent.map((text) => decode(text)).find((d) => d.ok && d.frame.subject === inbox);
      expect(welcome?.ok && isReplyFrame(welcome.frame) && welcome.frame.data.ok).toBe(true);
    });
  });

  it('answers once per connection: a second request closes the socket', async () => {
    const t = new TestHub();
    const conn = new FakeConnection();
    conn.attach(t.hub.agentConnected(conn));
    await ask(conn, newProofNonce());
    const again = await ask(conn, newProofNonce());
    expect(again.ok).toBe(false);
    await vi.waitFor(() => expect(conn.closed?.code).toBe(CLOSE_CODES.badHello));
  });

  it('is not answered once the agent is welcomed', async () => {
    const t = new TestHub();
    const agent = await t.agent();
    const reply = await ask(agent.conn, newProofNonce());
    expect(reply.ok).toBe(false);
  });
});
