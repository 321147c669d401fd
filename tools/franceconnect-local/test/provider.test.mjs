// The local FranceConnect provider answers as FranceConnect v2 does: code flow, acr eidas1 in the ID token, userinfo
// as a signed JWT, and it listens on 127.0.0.1 only. Run with: node --test tools/franceconnect-local/test/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createLocalJWKSet, jwtVerify } from 'jose';

const server = fileURLToPath(new URL('../server.mjs', import.meta.url));
const clientId = 'citizen-eservices-local';
const secret = 'local-franceconnect-secret-not-for-production';
const redirectUri = 'http://127.0.0.1:5555/api/citizen/callback';
let child;
let issuer;

const freePort = () => new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => { const { port } = probe.address(); probe.close(() => resolve(port)); });
});

before(async () => {
  const port = await freePort();
  issuer = `http://127.0.0.1:${port}/api/v2`;
  child = spawn(process.execPath, [server, '--port', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => child.stdout.on('data', (chunk) => { if (String(chunk).includes('listening')) resolve(); }));
});

after(() => child.kill());

// A browser's cookie jar, reduced to what the provider sets.
function jar() {
  const cookies = new Map();
  return {
    async get(url, init = {}) {
      const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...init.headers, cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const at = pair.indexOf('=');
        cookies.set(pair.slice(0, at), pair.slice(at + 1));
      }
      return response;
    },
  };
}

async function signIn(browser, nonce) {
  const authorize = `${issuer}/authorize?${new URLSearchParams({ client_id: clientId, response_type: 'code', scope: 'openid identite_pivot email', redirect_uri: redirectUri, state: 'state-0123456789', nonce, acr_values: 'eidas1' })}`;
  const login = new URL((await browser.get(authorize)).headers.get('location'), issuer).href;
  const page = await (await browser.get(login)).text();
  const sub = /name="sub" value="([0-9a-f]{64})"/.exec(page)[1];
  const resume = (await browser.get(`${login}/login`, { method: 'POST', body: new URLSearchParams({ sub }) })).headers.get('location');
  const callback = new URL((await browser.get(new URL(resume, issuer).href)).headers.get('location'));
  return { sub, code: callback.searchParams.get('code'), state: callback.searchParams.get('state') };
}

const token = (code) => fetch(`${issuer}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: clientId, client_secret: secret }) });

test('CodeFlow_TestIdentity_IdTokenCarriesEidas1AndNonceAndUserinfoIsSigned', async () => {
  const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
  assert.equal(discovery.issuer, issuer);
  assert.deepEqual(discovery.acr_values_supported, ['eidas1']);
  const keys = createLocalJWKSet(await (await fetch(discovery.jwks_uri)).json());

  const { sub, code, state } = await signIn(jar(), 'nonce-0123456789');
  assert.equal(state, 'state-0123456789');
  const tokens = await (await token(code)).json();
  const { payload: idToken } = await jwtVerify(tokens.id_token, keys, { issuer, audience: clientId, algorithms: ['ES256'] });
  assert.equal(idToken.acr, 'eidas1');
  assert.equal(idToken.nonce, 'nonce-0123456789');
  assert.equal(idToken.sub, sub);

  const userinfo = await fetch(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${tokens.access_token}` } });
  assert.match(userinfo.headers.get('content-type'), /^application\/jwt/);
  const { payload: identity } = await jwtVerify(await userinfo.text(), keys, { issuer, audience: clientId });
  assert.equal(identity.sub, sub);
  assert.equal(identity.family_name, 'DUPONT');
  assert.equal(identity.birthplace, '75112');
  assert.equal(identity.email, 'testfc1@franceconnect.gouv.fr');
});

test('Token_CodeUsedTwice_SecondIsRefused', async () => {
  const { code } = await signIn(jar(), 'nonce-replay-0123');
  assert.equal((await token(code)).status, 200);
  const replay = await token(code);
  assert.equal(replay.status, 400);
  assert.equal((await replay.json()).error, 'invalid_grant');
});
