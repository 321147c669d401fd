// The API Particulier simulator answers as API Particulier v3 does for the family quotient: the recorded cases by
// identity, v3's errors (401 token, 422 parameters, 404 no file, 503 provider down, 429 with Retry-After), and the
// FranceConnect route with a real access token of the local FranceConnect provider. It listens on 127.0.0.1 only.
// Run with: node --test tools/api-particulier-local/test/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { loadFixtures } from '../server.mjs';

const simulatorScript = fileURLToPath(new URL('../server.mjs', import.meta.url));
const providerScript = fileURLToPath(new URL('../../franceconnect-local/server.mjs', import.meta.url));
const token = 'token-of-the-simulator-tests';
const recipient = '13002526500013';
const redirectUri = 'http://127.0.0.1:5555/api/citizen/callback';
const children = [];
let simulator;
let issuer;

const freePort = () => new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => { const { port } = probe.address(); probe.close(() => resolve(port)); });
});

function start(script, args) {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve) => child.stdout.on('data', (chunk) => { if (String(chunk).includes('listening')) resolve(); }));
}

before(async () => {
  const [providerPort, simulatorPort] = [await freePort(), await freePort()];
  issuer = `http://127.0.0.1:${providerPort}/api/v2`;
  simulator = `http://127.0.0.1:${simulatorPort}`;
  await start(providerScript, ['--port', String(providerPort)]);
  await start(simulatorScript, ['--port', String(simulatorPort), '--token', token, '--franceconnect-issuer', issuer]);
});

after(() => children.forEach((child) => child.kill()));

const identity = (fields) => {
  const query = new URLSearchParams({ recipient });
  for (const [name, value] of Object.entries(fields)) {
    for (const one of [value].flat()) query.append(name, String(one));
  }
  return query;
};

const byIdentity = (query, bearer = token) => fetch(`${simulator}/v3/dss/quotient_familial/identite?${query}`, { headers: { authorization: `Bearer ${bearer}` } });

const lefebvre = { nomNaissance: 'Lefebvre', 'prenoms[]': ['Alexis', 'Gérôme', 'Jean-Philippe'], sexeEtatCivil: 'F', anneeDateNaissance: 1982, moisDateNaissance: 12, jourDateNaissance: 27, codeCogInseePaysNaissance: '99100', codeCogInseeCommuneNaissance: '08480' };

test('Identite_CafAllocataire_AnswersTheRecordedQuotientInV3Shape', async () => {
  const response = await byIdentity(identity(lefebvre));
  assert.equal(response.status, 200);
  assert.match(response.headers.get('ratelimit-reset'), /^\d+$/);
  const body = await response.json();
  assert.deepEqual(Object.keys(body).sort(), ['data', 'links', 'meta']);
  assert.deepEqual(body.data.quotient_familial, { fournisseur: 'CNAF', valeur: 2550, annee: 2023, mois: 6, annee_calcul: 2024, mois_calcul: 12 });
  assert.equal(body.data.allocataires[0].nom_naissance, 'LEFEBVRE');
});

test('Identite_MsaAllocataireWithoutAccentsOrDay_AnswersTheMsaQuotient', async () => {
  const response = await byIdentity(identity({ nomNaissance: 'MARTIN', 'prenoms[]': 'PIERRE', sexeEtatCivil: 'M', anneeDateNaissance: 1987, moisDateNaissance: 6, codeCogInseePaysNaissance: '99100' }));
  assert.equal(response.status, 200);
  const { data } = await response.json();
  assert.equal(data.quotient_familial.fournisseur, 'MSA');
  assert.equal(data.quotient_familial.valeur, 200);
  assert.equal(data.quotient_familial.mois, 9);
});

test('Identite_NoFile_Answers404WithTheCnavError', async () => {
  for (const fields of [
    { ...lefebvre, nomNaissance: 'DUPONT', 'prenoms[]': 'ALEXIS' }, // the recorded 404 case
    { ...lefebvre, nomNaissance: 'PERSONNE' }, // anyone the fixtures do not know
  ]) {
    const response = await byIdentity(identity(fields));
    assert.equal(response.status, 404);
    const [error] = (await response.json()).errors;
    assert.equal(error.code, '37003');
    assert.deepEqual(error.meta, { provider: 'CNAV' });
  }
});

test('Identite_ProviderDownIdentity_Answers503InV3ErrorFormat', async () => {
  const response = await byIdentity(identity({ nomNaissance: 'INDISPONIBLE', 'prenoms[]': 'FOURNISSEUR', sexeEtatCivil: 'F', anneeDateNaissance: 1980, codeCogInseePaysNaissance: '99100' }));
  assert.equal(response.status, 503);
  const [error] = (await response.json()).errors;
  assert.deepEqual(Object.keys(error).sort(), ['code', 'detail', 'meta', 'source', 'title']);
  assert.equal(error.meta.provider, 'CNAV');
});

test('Identite_RateLimitedIdentity_Answers429WithRetryAfter', async () => {
  const response = await byIdentity(identity({ nomNaissance: 'QUOTA', 'prenoms[]': 'DEPASSE', sexeEtatCivil: 'M', codeCogInseePaysNaissance: '99100' }));
  assert.equal(response.status, 429);
  assert.equal(response.headers.get('retry-after'), '30');
  assert.equal(response.headers.get('ratelimit-remaining'), '0');
});

test('Identite_WrongOrMissingToken_Answers401', async () => {
  for (const headers of [{ authorization: 'Bearer not-the-token' }, {}]) {
    const response = await fetch(`${simulator}/v3/dss/quotient_familial/identite?${identity(lefebvre)}`, { headers });
    assert.equal(response.status, 401);
    assert.equal((await response.json()).errors.length, 1);
  }
});

test('Identite_RecipientNotASiretOrFieldsMissing_Answers422NamingEachParameter', async () => {
  const query = identity({ 'prenoms[]': 'ALEXIS', sexeEtatCivil: 'X', codeCogInseePaysNaissance: '99100', moisDateNaissance: 13 });
  query.set('recipient', '130025265');
  const response = await byIdentity(query);
  assert.equal(response.status, 422);
  const parameters = (await response.json()).errors.map((error) => error.source.parameter);
  assert.deepEqual(parameters.sort(), ['moisDateNaissance', 'nomNaissance', 'recipient', 'sexeEtatCivil']);
});

test('Routes_UnknownPathOrMethod_AnswerV3Errors', async () => {
  assert.equal((await fetch(`${simulator}/v3/dss/quotient_familial`)).status, 404);
  assert.equal((await fetch(`${simulator}/v3/dss/quotient_familial/identite`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status, 405);
});

// A browser's cookie jar, reduced to what the local provider sets.
function jar() {
  const cookies = new Map();
  return async (url, init = {}) => {
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...init.headers, cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
    return response;
  };
}

// The code flow on the local provider, the identity at `index` chosen on its login page: a real access token.
async function franceConnectAccessToken(index) {
  const browser = jar();
  const authorize = `${issuer}/authorize?${new URLSearchParams({ client_id: 'citizen-eservices-local', response_type: 'code', scope: 'openid identite_pivot', redirect_uri: redirectUri, state: 'state-0123456789', nonce: 'nonce-0123456789', acr_values: 'eidas1' })}`;
  const login = new URL((await browser(authorize)).headers.get('location'), issuer).href;
  const sub = [...(await (await browser(login)).text()).matchAll(/name="sub" value="([0-9a-f]{64})"/g)][index][1];
  const resume = (await browser(`${login}/login`, { method: 'POST', body: new URLSearchParams({ sub }) })).headers.get('location');
  const code = new URL((await browser(new URL(resume, issuer).href)).headers.get('location')).searchParams.get('code');
  const tokens = await (await fetch(`${issuer}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: 'citizen-eservices-local', client_secret: 'local-franceconnect-secret-not-for-production' }) })).json();
  return tokens.access_token;
}

const byFranceConnect = (accessToken, recipientValue = recipient) => fetch(`${simulator}/v3/dss/quotient_familial/france_connect?recipient=${recipientValue}`, { headers: { authorization: `Bearer ${accessToken}` } });

test('FranceConnect_SignedInLocalIdentity_AnswersItsQuotientFromTheProvidersUserinfo', async () => {
  const response = await byFranceConnect(await franceConnectAccessToken(0)); // testfc1, Stéphane Louis Perceval DUPONT
  assert.equal(response.status, 200);
  const { data } = await response.json();
  assert.equal(data.allocataires[0].prenoms, 'STÉPHANE LOUIS PERCEVAL');
  assert.equal(data.quotient_familial.fournisseur, 'CNAF');
});

test('FranceConnect_IdentityWithoutFile_Answers404', async () => {
  const response = await byFranceConnect(await franceConnectAccessToken(3)); // CIS QUARANTECINQ: no fixture
  assert.equal(response.status, 404);
});

test('FranceConnect_TokenTheProviderDoesNotKnowOrBadRecipient_Answers401Or422', async () => {
  assert.equal((await byFranceConnect('not-a-franceconnect-token')).status, 401);
  const badRecipient = await byFranceConnect(await franceConnectAccessToken(1), 'x');
  assert.equal(badRecipient.status, 422);
  assert.equal((await badRecipient.json()).errors[0].source.parameter, 'recipient');
});

test('Fixtures_EachCase_CitesWhereItComesFromAndOneIsALocalProviderIdentity', async () => {
  const fixtures = loadFixtures(fileURLToPath(new URL('../fixtures', import.meta.url)));
  assert.ok(fixtures.length >= 6);
  for (const fixture of fixtures) {
    assert.ok(fixture.source.recorded.length > 20, fixture.name);
  }
  const { identities } = await import('../../franceconnect-local/identities.mjs');
  const local = new Set(identities.map((one) => `${one.family_name}|${one.birthdate}`));
  assert.ok(fixtures.some((fixture) => local.has(`${fixture.identity.nomNaissance}|${fixture.identity.dateNaissance}`)));
  assert.deepEqual(new Set(fixtures.map((fixture) => fixture.status)), new Set([200, 404, 429, 503]));
});
