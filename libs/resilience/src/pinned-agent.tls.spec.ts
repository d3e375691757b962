import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { buildConnector, request } from 'undici';
import { type HostResolver, OutboundTargetGuard } from '@scout/common';
import { createPinnedAgent } from './pinned-agent';

/** Every name resolves to the loopback address, where the test's HTTPS server listens. */
const loopback: HostResolver = async () => [{ address: '127.0.0.1', family: 4 }];

/** A self-signed certificate for `profiles.test` only, made with the system's openssl. */
function certificateFor(name: string): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'scout-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        `/CN=${name}`,
        '-addext',
        `subjectAltName=DNS:${name}`,
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Pinning must not weaken TLS: the connection goes to the address the guard checked, yet the
 * handshake still names the host (SNI) and the certificate is verified against the host name,
 * never against the pinned IP.
 */
describe('createPinnedAgent over TLS', () => {
  const { key, cert } = certificateFor('profiles.test');
  let server: Server;
  let port: number;
  /** The SNI name each accepted TLS connection presented. */
  let serverNames: (string | false | null)[];

  beforeAll(async () => {
    server = createServer({ key, cert }, (req, res) => {
      res.end(`hello ${req.headers.host}`);
    });
    server.on('secureConnection', (socket: TLSSocket) => serverNames.push(socket.servername));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });

  beforeEach(() => {
    serverNames = [];
  });

  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  const agentTrustingTheCertificate = () =>
    createPinnedAgent(new OutboundTargetGuard({ resolver: loopback, allowNonPublic: true }), {
      connectTimeoutMs: 2_000,
      connector: buildConnector({ timeout: 2_000, ca: cert }),
    });

  it('connects to the pinned address, presents the host name and verifies the certificate against it', async () => {
    const agent = agentTrustingTheCertificate();
    try {
      const { statusCode, body } = await request(`https://profiles.test:${port}/in/ada`, {
        dispatcher: agent,
      });
      expect(statusCode).toBe(200);
      expect(await body.text()).toBe(`hello profiles.test:${port}`);
      expect(serverNames).toEqual(['profiles.test']);
    } finally {
      await agent.close();
    }
  });

  it('refuses a certificate that does not name the host, though the pinned address is the same', async () => {
    const agent = agentTrustingTheCertificate();
    try {
      const failure = await request(`https://other.test:${port}/in/ada`, {
        dispatcher: agent,
      }).catch((error: unknown) => error);
      // Node's TLS errors come from another realm than the test's `Error`: match by code.
      expect(failure).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
      // The client ended the handshake: no connection was established, so none was answered.
      expect(serverNames).toEqual([]);
    } finally {
      await agent.close();
    }
  });
});
