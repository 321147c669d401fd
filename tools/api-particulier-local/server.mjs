// A local stand-in for API Particulier v3's family quotient (docs/API-PARTICULIER.md), answering from recorded
// fixtures (fixtures/*.json: the public staging data of github.com/etalab/siade_staging_data, each file citing its
// source). Two routes, as API Particulier has them:
//
//   GET /v3/dss/quotient_familial/identite?recipient=SIRET&nomNaissance=…&prenoms[]=…&sexeEtatCivil=M|F
//       &anneeDateNaissance=…&moisDateNaissance=…&jourDateNaissance=…&codeCogInseePaysNaissance=…
//       &codeCogInseeCommuneNaissance=…            Authorization: Bearer <the commune's API Particulier token>
//   GET /v3/dss/quotient_familial/france_connect?recipient=SIRET
//                                                  Authorization: Bearer <the citizen's FranceConnect access token>
//
// On the FranceConnect route, as API Particulier does with FranceConnect's token check, the simulator asks the
// FranceConnect provider who the token's citizen is (here the local provider's userinfo endpoint, found through the
// issuer's discovery document) and looks that identity up in the fixtures. Errors are v3's: { errors: [{ code, title,
// detail, source, meta }] }, 401 for a token refused, 422 for a parameter missing or malformed (source.parameter names
// it), 404 for an identity with no file. Development and tests only: it listens on 127.0.0.1, keeps nothing, and logs
// the route and the status of each request, never a token nor an identity.
//
// Usage: node tools/api-particulier-local/server.mjs --port 7091 --franceconnect-issuer http://127.0.0.1:7080/api/v2
//        [--token TOKEN] [--fixtures DIR]
import { createServer } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const host = '127.0.0.1';
const identityRoute = '/v3/dss/quotient_familial/identite';
const franceConnectRoute = '/v3/dss/quotient_familial/france_connect';

// Names compared as the civil-status register would tolerate: case, accents and repeated spaces aside.
export const normalize = (text) => String(text ?? '').normalize('NFD').replace(/\p{M}/gu, '').toUpperCase().replace(/\s+/g, ' ').trim();

export function loadFixtures(directory) {
  return readdirSync(directory).filter((name) => name.endsWith('.json')).sort().map((name) => {
    const fixture = JSON.parse(readFileSync(join(directory, name), 'utf8'));
    const { identity, status, body } = fixture;
    if (!identity?.nomNaissance || !Array.isArray(identity.prenoms) || !identity.sexeEtatCivil || !identity.codeCogInseePaysNaissance
      || !/^\d{4}-\d{2}-\d{2}$/.test(identity.dateNaissance ?? '') || !Number.isInteger(status) || typeof body !== 'object' || !fixture.source?.recorded) {
      throw new Error(`fixture ${name}: identity (nomNaissance, prenoms, sexeEtatCivil, dateNaissance, codeCogInseePaysNaissance), status, body and source.recorded are required`);
    }
    return { name, ...fixture };
  });
}

// The identity asked for (v3's parameter names) against a fixture's: birth name, first given name, sex, birth country,
// the parts of the birth date that were given, and the birth place when both have one.
export function matches(asked, fixture) {
  const known = fixture.identity;
  const [year, month, day] = known.dateNaissance.split('-').map(Number);
  return normalize(asked.nomNaissance) === normalize(known.nomNaissance)
    && normalize(asked.prenoms[0]) === normalize(known.prenoms[0])
    && asked.sexeEtatCivil === known.sexeEtatCivil
    && asked.codeCogInseePaysNaissance === known.codeCogInseePaysNaissance
    && (asked.anneeDateNaissance === undefined || asked.anneeDateNaissance === year)
    && (asked.moisDateNaissance === undefined || asked.moisDateNaissance === month)
    && (asked.jourDateNaissance === undefined || asked.jourDateNaissance === day)
    && (!asked.codeCogInseeCommuneNaissance || !known.codeCogInseeCommuneNaissance || asked.codeCogInseeCommuneNaissance === known.codeCogInseeCommuneNaissance);
}

const error = (code, title, detail, parameter = null, meta = {}) => ({ code, title, detail, source: parameter ? { parameter } : null, meta });

// The error answers the simulator makes itself (the recorded ones come from the fixtures). Codes are the simulator's:
// only the statuses and the shape follow v3.
const answers = {
  unauthorized: () => [401, { errors: [error('00101', "Interdiction d'accès", "Votre jeton n'est pas valide ou n'est pas renseigné.")] }],
  franceConnectRefused: () => [401, { errors: [error('00102', 'Jeton FranceConnect invalide', "Le jeton FranceConnect n'est pas valide ou a expiré.")] }],
  invalid: (problems) => [422, { errors: problems.map(([parameter, detail]) => error('00422', 'Entité non traitable', detail, parameter)) }],
  noFile: () => [404, { errors: [error('37003', 'Dossier allocataire absent CNAV', "Le dossier allocataire n'a pas été trouvé auprès de la CNAV.", null, { provider: 'CNAV' })] }],
  noRoute: () => [404, { errors: [error('00404', 'Route inconnue', "Cette route n'existe pas sur le simulateur d'API Particulier.")] }],
  notAllowed: () => [405, { errors: [error('00405', 'Méthode non autorisée', 'Seul GET est accepté.')] }],
  franceConnectDown: () => [503, { errors: [error('00503', 'Erreur du fournisseur', "FranceConnect n'a pas répondu.", null, { provider: 'FranceConnect' })] }],
};

function bearer(req) {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match ? match[1] : null;
}

const siret = /^\d{14}$/;
const cog = /^(?:\d{5}|2[AB]\d{3})$/;
const integer = (text, min, max) => (/^\d{1,4}$/.test(text ?? '') && Number(text) >= min && Number(text) <= max ? Number(text) : null);

// The identity route's parameters, checked as v3 checks them (required: nomNaissance, prenoms, sexeEtatCivil,
// codeCogInseePaysNaissance; the others checked when present), or the problems found.
export function identityFrom(query) {
  const problems = [];
  const asked = {
    nomNaissance: query.get('nomNaissance')?.trim(),
    prenoms: query.getAll('prenoms[]').concat(query.getAll('prenoms')).map((name) => name.trim()).filter(Boolean),
    sexeEtatCivil: query.get('sexeEtatCivil'),
    codeCogInseePaysNaissance: query.get('codeCogInseePaysNaissance'),
    codeCogInseeCommuneNaissance: query.get('codeCogInseeCommuneNaissance') || undefined,
  };
  if (!asked.nomNaissance) problems.push(['nomNaissance', 'Le nom de naissance est obligatoire.']);
  if (asked.prenoms.length === 0) problems.push(['prenoms', 'Au moins un prénom est obligatoire.']);
  if (!['M', 'F'].includes(asked.sexeEtatCivil)) problems.push(['sexeEtatCivil', "Le sexe n'est pas correctement formaté (M ou F)."]);
  if (!cog.test(asked.codeCogInseePaysNaissance ?? '')) problems.push(['codeCogInseePaysNaissance', "Le code COG INSEE du pays de naissance n'est pas correctement formaté."]);
  if (asked.codeCogInseeCommuneNaissance && !cog.test(asked.codeCogInseeCommuneNaissance)) problems.push(['codeCogInseeCommuneNaissance', "Le code COG INSEE de la commune de naissance n'est pas correctement formaté."]);
  for (const [name, min, max] of [['anneeDateNaissance', 1800, 9999], ['moisDateNaissance', 1, 12], ['jourDateNaissance', 1, 31]]) {
    if (query.has(name)) {
      const value = integer(query.get(name), min, max);
      if (value === null) problems.push([name, `Le paramètre ${name} n'est pas correctement formaté.`]);
      asked[name] = value ?? undefined;
    }
  }
  return { asked, problems };
}

// FranceConnect's pivot identity (userinfo claims) in v3's parameter names, as API Particulier maps it.
export function identityFromPivot(claims) {
  const [year, month, day] = String(claims.birthdate ?? '').split('-').map(Number);
  return {
    nomNaissance: claims.family_name,
    prenoms: String(claims.given_name ?? '').split(/\s+/).filter(Boolean),
    sexeEtatCivil: { male: 'M', female: 'F' }[claims.gender],
    codeCogInseePaysNaissance: claims.birthcountry,
    codeCogInseeCommuneNaissance: claims.birthplace || undefined,
    anneeDateNaissance: year || undefined,
    moisDateNaissance: month || undefined,
    jourDateNaissance: day || undefined,
  };
}

// Who the FranceConnect access token belongs to: the provider's userinfo, through its discovery document. The answer
// comes straight from the issuer on a connection opened here (as FranceConnect's token check does), so a signed
// userinfo (application/jwt) is read, not verified again.
export function franceConnectIdentities(issuer) {
  let userinfoEndpoint;
  return async function identityOf(accessToken) {
    userinfoEndpoint ??= (await (await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) })).json()).userinfo_endpoint;
    const response = await fetch(userinfoEndpoint, { headers: { authorization: `Bearer ${accessToken}` }, signal: AbortSignal.timeout(5000) });
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      return null;
    }
    if (!response.ok) {
      throw new Error(`userinfo answered ${response.status}`);
    }
    const text = await response.text();
    if (/^application\/jwt/.test(response.headers.get('content-type') ?? '')) {
      return JSON.parse(Buffer.from(text.split('.')[1], 'base64url').toString('utf8'));
    }
    return JSON.parse(text);
  };
}

export function createSimulator({ token, fixtures, identityOf }) {
  function answerFor(asked) {
    const fixture = fixtures.find((candidate) => matches(asked, candidate));
    return fixture ? [fixture.status, fixture.body, fixture.headers ?? {}] : answers.noFile();
  }

  async function route(req, url) {
    if (url.pathname !== identityRoute && url.pathname !== franceConnectRoute) {
      return answers.noRoute();
    }
    if (req.method !== 'GET') {
      return answers.notAllowed();
    }
    const credential = bearer(req);
    if (url.pathname === identityRoute && credential !== token) {
      return answers.unauthorized();
    }
    if (url.pathname === franceConnectRoute && !credential) {
      return answers.franceConnectRefused();
    }
    const recipient = url.searchParams.get('recipient');
    const recipientProblem = siret.test(recipient ?? '') ? [] : [['recipient', 'Le paramètre recipient doit être le numéro SIRET (14 chiffres) de l\'organisation destinataire des données.']];
    if (url.pathname === identityRoute) {
      const { asked, problems } = identityFrom(url.searchParams);
      const all = recipientProblem.concat(problems);
      return all.length > 0 ? answers.invalid(all) : answerFor(asked);
    }
    if (recipientProblem.length > 0) {
      return answers.invalid(recipientProblem);
    }
    let claims;
    try {
      claims = await identityOf(credential);
    } catch {
      return answers.franceConnectDown();
    }
    return claims ? answerFor(identityFromPivot(claims)) : answers.franceConnectRefused();
  }

  return createServer(async (req, res) => {
    let status = 500;
    try {
      const url = new URL(req.url, `http://${host}`);
      const [code, body, headers = {}] = await route(req, url);
      status = code;
      // The volume headers API Particulier sends on every answer (a minute's window; never spent here but on demand).
      const reset = Math.ceil(Date.now() / 60000) * 60;
      res.writeHead(code, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        'RateLimit-Limit': '1200',
        'RateLimit-Remaining': '1199',
        'RateLimit-Reset': String(reset),
        ...headers,
      });
      res.end(JSON.stringify(body));
      console.log('api-particulier-local: %s %s -> %d', req.method, url.pathname, code);
    } catch (failure) {
      console.error('api-particulier-local: %s', failure.message);
      if (!res.headersSent) {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ errors: [error('00500', 'Erreur interne', 'Erreur du simulateur.')] }));
      }
    }
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values: args } = parseArgs({
    options: {
      port: { type: 'string', default: '7091' },
      token: { type: 'string', default: 'local-api-particulier-token-not-for-production' },
      'franceconnect-issuer': { type: 'string', default: 'http://127.0.0.1:7080/api/v2' },
      fixtures: { type: 'string', default: fileURLToPath(new URL('./fixtures', import.meta.url)) },
    },
  });
  const port = Number(args.port);
  const issuer = args['franceconnect-issuer'].replace(/\/+$/, '');
  const server = createSimulator({ token: args.token, fixtures: loadFixtures(args.fixtures), identityOf: franceConnectIdentities(issuer) });
  server.listen(port, host, () => console.log('api-particulier-local listening on http://%s:%d (FranceConnect: %s)', host, port, issuer));
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => server.close(() => process.exit(0)));
  }
}
