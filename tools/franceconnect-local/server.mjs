// A local OpenID Connect provider that behaves as FranceConnect v2 does for a service provider (docs/FRANCECONNECT.md):
// discovery, the authorization code flow (state, nonce, PKCE accepted), acr "eidas1", the scopes openid,
// identite_pivot, email and preferred_username, an ID token and a userinfo answer both signed (ES256, application/jwt
// for userinfo), and the end-session endpoint. Built on oidc-provider, the library FranceConnect itself runs on.
// Development and tests only: it listens on 127.0.0.1, its login page lists the sandbox's fictitious identities, and
// it accepts any loopback port in a redirect URI (test hosts take free ports).
//
// Usage: node tools/franceconnect-local/server.mjs --port 7080 [--client-id ID] [--client-secret SECRET] [--keys FILE]
import { createServer } from 'node:http';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Provider from 'oidc-provider';
import { identities } from './identities.mjs';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '7080' },
    'client-id': { type: 'string', default: 'citizen-eservices-local' },
    'client-secret': { type: 'string', default: 'local-franceconnect-secret-not-for-production' },
    keys: { type: 'string' },
  },
});

const host = '127.0.0.1';
const port = Number(args.port);
const issuer = `http://${host}:${port}/api/v2`;
const callbackPath = '/api/citizen/callback';
const signedOutPath = '/api/citizen/signed-out';

// One ES256 key (FranceConnect v2 signs with ES256 or RS256), kept in a file when asked so a restart keeps it.
function signingKeys() {
  if (args.keys && existsSync(args.keys)) {
    return JSON.parse(readFileSync(args.keys, 'utf8'));
  }
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'ES256', kid: randomBytes(8).toString('hex') };
  const keys = { keys: [jwk] };
  if (args.keys) {
    writeFileSync(args.keys, JSON.stringify(keys), { mode: 0o600 });
  }
  return keys;
}

// FranceConnect gives each service provider its own pseudonymous sub (a hash): the same here, per client.
const subOf = (identity, clientId) => createHash('sha256').update(`${clientId}|${identity.login}`).digest('hex');
const accounts = new Map(identities.map((identity) => [subOf(identity, args['client-id']), identity]));

const isLoopback = (value, path) => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) && url.pathname === path;
  } catch {
    return false;
  }
};

const configuration = {
  clients: [{
    client_id: args['client-id'],
    client_secret: args['client-secret'],
    redirect_uris: [`http://localhost:7071${callbackPath}`],
    post_logout_redirect_uris: [`http://localhost:7071${signedOutPath}`],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'ES256',
    userinfo_signed_response_alg: 'ES256',
  }],
  jwks: signingKeys(),
  acrValues: ['eidas1'],
  claims: {
    openid: ['sub'],
    identite_pivot: ['given_name', 'family_name', 'birthdate', 'gender', 'birthplace', 'birthcountry'],
    email: ['email'],
    preferred_username: ['preferred_username'],
  },
  scopes: ['openid', 'identite_pivot', 'email', 'preferred_username'],
  async findAccount(_ctx, sub) {
    const identity = accounts.get(sub);
    if (!identity) {
      return undefined;
    }
    return {
      accountId: sub,
      async claims() {
        const { login: _login, ...claims } = identity;
        return { sub, ...claims };
      },
    };
  },
  routes: {
    authorization: '/authorize',
    token: '/token',
    userinfo: '/userinfo',
    jwks: '/jwks',
    end_session: '/session/end',
  },
  interactions: { url: (_ctx, interaction) => `/api/v2/interaction/${interaction.uid}` },
  features: {
    devInteractions: { enabled: false },
    jwtUserinfo: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: (ctx, form) => { ctx.body = logoutPage(form); },
      postLogoutSuccessSource: (ctx) => { ctx.body = page('Vous êtes déconnecté', '<p>Vous êtes déconnecté du fournisseur d\'identité local. <span lang="en">You are signed out.</span></p>'); },
    },
  },
  pkce: { required: () => false },
  ttl: { AccessToken: 60 * 60, AuthorizationCode: 60, IdToken: 60 * 60, Interaction: 10 * 60, Session: 60 * 60, Grant: 60 * 60 },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  renderError: (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('Erreur', `<p>${escape(out.error)} : ${escape(out.error_description ?? '')}</p>`);
  },
};

const provider = new Provider(issuer, configuration);
provider.proxy = false;
// Test hosts listen on free loopback ports: any loopback origin with the product's callback path is accepted.
const { Client } = provider;
const exactRedirect = Client.prototype.redirectUriAllowed;
Client.prototype.redirectUriAllowed = function redirectUriAllowed(value) {
  return isLoopback(value, callbackPath) || exactRedirect.call(this, value);
};
const exactLogout = Client.prototype.postLogoutRedirectUriAllowed;
Client.prototype.postLogoutRedirectUriAllowed = function postLogoutRedirectUriAllowed(value) {
  return isLoopback(value, signedOutPath) || exactLogout.call(this, value);
};

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

function page(title, body) {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} — FranceConnect local</title>
<style>body{font-family:system-ui,sans-serif;margin:0 auto;max-width:40rem;padding:1rem;line-height:1.5;color:#161616}
fieldset{border:1px solid #666;padding:.5rem 1rem}label{display:block;padding:.5rem 0}button{font-size:1rem;padding:.6rem 1.2rem;margin-top:1rem;background:#000091;color:#fff;border:0;cursor:pointer}
button:focus,input:focus{outline:3px solid #0a76f6;outline-offset:2px}.note{background:#fef7da;padding:.5rem 1rem}</style></head>
<body><header><p><strong>FranceConnect — fournisseur d'identité local</strong> <span lang="en">(local identity provider)</span></p></header>
<main><h1>${escape(title)}</h1>${body}</main></body></html>`;
}

function loginPage(uid, clientId) {
  const choices = identities.map((identity, index) => {
    const sub = subOf(identity, clientId);
    return `<label><input type="radio" name="sub" value="${sub}"${index === 0 ? ' checked' : ''}> ${escape(identity.given_name)} ${escape(identity.family_name)} — née ou né le ${escape(identity.birthdate)} (identifiant ${escape(identity.login)})</label>`;
  }).join('');
  return page('Choisissez une identité de test', `<p class="note">Identités fictives du bac à sable FranceConnect. <span lang="en">Fictitious identities of the FranceConnect sandbox.</span></p>
<form method="post" action="/api/v2/interaction/${escape(uid)}/login"><fieldset><legend>Identité <span lang="en">(identity)</span></legend>${choices}</fieldset>
<button type="submit">Se connecter <span lang="en">(sign in)</span></button></form>`);
}

function logoutPage(form) {
  return page('Déconnexion', `<p>Se déconnecter de FranceConnect ? <span lang="en">Sign out of FranceConnect?</span></p>${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Se déconnecter <span lang="en">(sign out)</span></button>`);
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) {
      throw new Error('body too large');
    }
  }
  return new URLSearchParams(body);
}

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) {
    res.writeHead(400).end();
    return;
  }
  if (req.method === 'GET' && !action) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(loginPage(uid, details.params.client_id));
    return;
  }
  if (req.method !== 'POST' || action !== 'login') {
    res.writeHead(405).end();
    return;
  }
  const form = await readForm(req);
  const sub = form.get('sub');
  if (!accounts.has(sub)) {
    res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
    res.end(loginPage(uid, details.params.client_id));
    return;
  }
  // The identity provider authenticated the person (eIDAS low, as FranceConnect's "eidas1") and the scopes asked are granted.
  const grant = new provider.Grant({ accountId: sub, clientId: details.params.client_id });
  grant.addOIDCScope(String(details.params.scope));
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { login: { accountId: sub, acr: 'eidas1', amr: ['pwd'] }, consent: { grantId } }, { mergeWithLastSubmission: false });
}

const handle = provider.callback();
const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    const match = /^\/api\/v2\/interaction\/([A-Za-z0-9_-]+)(?:\/(login))?$/.exec(url.pathname);
    if (match) {
      await interaction(req, res, match[1], match[2]);
      return;
    }
    if (url.pathname.startsWith('/api/v2/') || url.pathname === '/api/v2') {
      // The provider is mounted under /api/v2, as FranceConnect's endpoints are.
      req.originalUrl = req.url;
      req.url = req.url.slice('/api/v2'.length) || '/';
      handle(req, res);
      return;
    }
    res.writeHead(404).end();
  } catch (error) {
    console.error('franceconnect-local: %s', error.message);
    if (!res.headersSent) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Requête refusée / request refused');
    }
  }
});
server.listen(port, host, () => console.log('franceconnect-local listening on %s', issuer));
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
