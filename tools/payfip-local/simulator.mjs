// The local PayFiP: the DGFiP's secure-payment web service and its payment page, as a régie's software sees them
// (docs/PAYMENTS.md), plus admin endpoints for tests. Routes, as on PayFiP:
//   /tpa/services/securite            the SOAP service (GET ?wsdl for its WSDL)
//   /tpa/paiementws.web?idop=...      the citizen's payment page (POST: the citizen's choice)
// and, for tests only, under /admin: the ledger, the daily report, notification faults and paying without a browser.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import soap from 'soap';
import { faultNames, namespaces, wsdl } from './wsdl.mjs';
import { checkCreation, refusal } from './rules.mjs';
import { Ledger } from './ledger.mjs';
import { Notifier } from './notifier.mjs';
import { checkCard, paymentPage, refusalPage, stylesheet, stylesheetPath } from './pages.mjs';
import { dailyReport } from './report.mjs';

export const servicePath = '/tpa/services/securite';
export const paymentPagePath = '/tpa/paiementws.web';
export const defaultClientNumbers = Object.freeze(['990001', '990002']);

const maxBodyBytes = 64 * 1024;
const loopbackAddresses = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const securityHeaders = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; style-src 'self'; base-uri 'none'; frame-ancestors 'none'",
};

/** A SOAP fault as PayFiP's JAX-WS service writes it: faultstring = the exception's class, the detail its fields. */
function soapFault(kind, { code, libelle }) {
  if (!faultNames.includes(kind)) {
    throw new RangeError(kind);
  }
  const escape = (text) => String(text).replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' }[c]));
  return {
    Fault: {
      faultcode: 'soap:Server',
      faultstring: `fr.gouv.finances.cp.tpa.webservice.exceptions.${kind}`,
      detail: {
        $xml: `<ns2:${kind} xmlns:ns2="${namespaces.service}"><code>${escape(code)}</code><descriptif>${escape(libelle)}</descriptif>`
          + `<libelle>${escape(libelle)}</libelle><severite>2</severite></ns2:${kind}>`,
      },
      statusCode: 500,
    },
  };
}

const functionalFault = (code) => soapFault('FonctionnelleErreur', refusal(code));

async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > maxBodyBytes) {
      throw Object.assign(new Error('body too large'), { status: 413 });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { ...securityHeaders, ...headers });
  res.end(body);
}

const json = (res, status, value) => send(res, status, JSON.stringify(value, null, 2), { 'content-type': 'application/json; charset=utf-8' });
const html = (res, status, body) => send(res, status, body, { 'content-type': 'text/html; charset=utf-8' });

/**
 * Starts a simulator. options: port (0: any free one), clientNumbers (the régies it knows), ledgerFile (optional JSON
 * file kept up to date), idOpLifetimeMs (how long a citizen has to open the page: 15 minutes on PayFiP).
 * Resolves to { url, ledger, notifier, close() }.
 */
export async function startSimulator({ port = 0, clientNumbers = defaultClientNumbers, ledgerFile, idOpLifetimeMs = 15 * 60 * 1000 } = {}) {
  const host = '127.0.0.1';
  const knownClients = new Set(clientNumbers);
  const ledger = new Ledger(ledgerFile);
  const notifier = new Notifier(ledger);
  const now = () => new Date();

  // Why the payment page may refuse an idOp: unknown (P1), already used (P3), expired (P4).
  const pageRefusal = (payment) => {
    if (!payment) {
      return { status: 404, code: 'P1' };
    }
    if (payment.outcome) {
      return { status: 409, code: 'P3' };
    }
    if (now() - new Date(payment.createdAt) > idOpLifetimeMs) {
      return { status: 410, code: 'P4' };
    }
    return null;
  };

  /** Records the outcome, notifies the régie (as PayFiP: before sending the citizen back), answers the payment. */
  const settle = async (payment, outcome, means) => {
    const settled = ledger.settle(payment.idOp, outcome, means, now());
    await notifier.notify(settled);
    return settled;
  };

  const service = {
    PaiementSecuriseService: {
      PaiementSecuriseServicePort: {
        creerPaiementSecurise({ arg0 = {} }) {
          const problem = checkCreation(arg0, knownClients);
          if (problem) {
            throw soapFault('FonctionnelleErreur', problem);
          }
          const field = (name) => String(arg0[name] ?? '').trim();
          const idOp = randomUUID();
          ledger.open(idOp, {
            numcli: field('numcli'), exer: field('exer'), refdet: field('refdet'), montant: field('montant'), mel: field('mel'),
            objet: field('objet'), saisie: field('saisie'), urlnotif: field('urlnotif'), urlredirect: field('urlredirect'),
          }, now());
          return { return: { idOp } };
        },
        recupererDetailPaiementSecurise({ arg0 = {} }) {
          const payment = ledger.get(String(arg0.idOp ?? '').trim());
          if (!payment) {
            throw functionalFault('P1');
          }
          if (!payment.outcome) {
            // Until the citizen has paid, refused or left, PayFiP does not know the result.
            throw functionalFault('P5');
          }
          const { dattrans, heurtrans, numauto, resultrans } = payment.outcome;
          return {
            return: {
              dattrans, exer: payment.exer, heurtrans, idOp: payment.idOp, mel: payment.mel, montant: payment.montant,
              ...(numauto ? { numauto } : {}), numcli: payment.numcli, objet: payment.objet, refdet: payment.refdet, resultrans, saisie: payment.saisie,
            },
          };
        },
        recupererDetailClient({ arg0 = {} }) {
          const numcli = String(arg0.numCli ?? '').trim();
          if (!knownClients.has(numcli)) {
            throw functionalFault('T2');
          }
          return { return: { libelleN1: 'DGFIP', libelleN2: `REGIE DE TEST ${numcli}`, libelleN3: 'SIMULATEUR LOCAL', numcli } };
        },
      },
    },
  };

  async function paymentPageRoute(req, res, url) {
    if (req.method === 'GET') {
      const payment = ledger.get(url.searchParams.get('idop') ?? '');
      const refused = pageRefusal(payment);
      if (refused) {
        html(res, refused.status, refusalPage(refused.code, refusal(refused.code).libelle, payment?.urlredirect));
        return;
      }
      html(res, 200, paymentPage(payment));
      return;
    }
    if (req.method !== 'POST') {
      send(res, 405, '', { allow: 'GET, POST' });
      return;
    }
    const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
    const payment = ledger.get(form.idop ?? '');
    const refused = pageRefusal(payment);
    if (refused) {
      html(res, refused.status, refusalPage(refused.code, refusal(refused.code).libelle, payment?.urlredirect));
      return;
    }
    const means = form.means === 'direct-debit' ? 'direct-debit' : 'card';
    const outcome = { pay: 'paid', refuse: 'refused', abandon: 'abandoned' }[form.action];
    if (!outcome) {
      html(res, 400, paymentPage(payment, { card: 'Choisissez payer, refuser ou abandonner.' }, form));
      return;
    }
    if (outcome === 'paid') {
      const errors = checkCard({ ...form, means });
      if (Object.keys(errors).length > 0) {
        html(res, 400, paymentPage(payment, errors, { ...form, means }));
        return;
      }
    }
    await settle(payment, outcome, means);
    // 303: the browser follows with a GET to the régie's return address, whatever the form's method was.
    send(res, 303, '', { location: payment.urlredirect });
  }

  async function adminRoute(req, res, url) {
    if (!loopbackAddresses.has(req.socket.remoteAddress)) {
      send(res, 403, '');
      return;
    }
    if (url.pathname === '/admin/ledger' && req.method === 'GET') {
      json(res, 200, { payments: ledger.all() });
      return;
    }
    if (url.pathname === '/admin/report' && req.method === 'GET') {
      const day = url.searchParams.get('date') ?? new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(now());
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) {
        json(res, 400, { error: 'date must be AAAA-MM-JJ' });
        return;
      }
      send(res, 200, dailyReport(ledger, day, url.searchParams.get('numcli') ?? ''), {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="payfip-${day}.csv"`,
      });
      return;
    }
    if (url.pathname === '/admin/faults' && req.method === 'GET') {
      json(res, 200, notifier.fault());
      return;
    }
    if (url.pathname === '/admin/faults' && req.method === 'POST') {
      try {
        json(res, 200, notifier.setFault(JSON.parse(await readBody(req) || '{}')));
      } catch (error) {
        json(res, 400, { error: error.message });
      }
      return;
    }
    if (url.pathname === '/admin/pay' && req.method === 'POST') {
      let request;
      try {
        request = JSON.parse(await readBody(req) || '{}');
      } catch {
        json(res, 400, { error: 'a JSON body { idOp, outcome, means } is expected' });
        return;
      }
      const outcome = request.outcome ?? 'paid';
      const means = request.means ?? 'card';
      if (!['paid', 'refused', 'abandoned'].includes(outcome) || !['card', 'direct-debit'].includes(means)) {
        json(res, 400, { error: 'outcome: paid, refused or abandoned; means: card or direct-debit' });
        return;
      }
      const payment = ledger.get(String(request.idOp ?? ''));
      const refused = pageRefusal(payment);
      if (refused) {
        json(res, refused.status, { code: refused.code, error: refusal(refused.code).libelle });
        return;
      }
      const settled = await settle(payment, outcome, means);
      json(res, 200, { idOp: settled.idOp, ...settled.outcome, urlredirect: settled.urlredirect, notifications: settled.notifications });
      return;
    }
    send(res, 404, '');
  }

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      if (url.pathname === paymentPagePath) {
        await paymentPageRoute(req, res, url);
      } else if (url.pathname === stylesheetPath) {
        send(res, 200, stylesheet, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'max-age=300' });
      } else if (url.pathname.startsWith('/admin/')) {
        await adminRoute(req, res, url);
      } else {
        send(res, 404, '');
      }
    } catch (error) {
      if (!res.headersSent) {
        send(res, error.status ?? 400, '', {});
      }
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const base = `http://${host}:${server.address().port}`;
  // soap takes over the service path and hands every other request to the listener above.
  await new Promise((resolve, reject) => {
    soap.listen(server, {
      path: servicePath, services: service, xml: wsdl(`${base}${servicePath}`), suppressStack: true, enableChunkedEncoding: false,
      callback: (error) => (error ? reject(error) : resolve()),
    });
  });

  return {
    url: base,
    ledger,
    notifier,
    close: () => new Promise((resolve) => {
      notifier.close();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
