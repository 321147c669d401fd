// The local PayFiP speaks PayFiP's protocol: its WSDL is usable by a generic SOAP client, it refuses what PayFiP refuses
// with PayFiP's fault codes, its payment page records the citizen's outcome, notifies the régie (POST, idOp only), sends
// the citizen back, and its admin endpoints drive tests. Bounded: every wait is on a condition, with a deadline.
// Run with: node --test tools/payfip-local/test/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import soap from 'soap';
import { startSimulator } from '../simulator.mjs';

const serverScript = fileURLToPath(new URL('../server.mjs', import.meta.url));
const serviceNamespace = 'http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/contrat_paiement_securise/PaiementSecuriseService';
const work = mkdtempSync(join(tmpdir(), 'payfip-local-'));
const ledgerFile = join(work, 'ledger.json');
let child;
let base;
let client;
let receiver;

/** Waits until check() returns something truthy, polling, at most timeoutMs. */
async function until(check, timeoutMs = 5000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => { setTimeout(resolve, 20); });
  }
}

/** Starts server.mjs as run-local.sh and test.sh do, on a port it picks itself (--port 0), and waits for its banner. */
async function startProcess(extraArgs = []) {
  const process_ = spawn(process.execPath, [serverScript, '--port', '0', '--ledger', ledgerFile, ...extraArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
  let banner = '';
  process_.stdout.on('data', (chunk) => { banner += chunk; });
  const url = await until(() => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1], 10_000, 'the simulator to listen');
  return { process: process_, url };
}

/** A régie's notification endpoint: records every request it receives. */
function startReceiver() {
  const received = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      received.push({ method: req.method, path: req.url, contentType: req.headers['content-type'], body });
      res.writeHead(200).end('OK');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    received,
    url: `http://127.0.0.1:${server.address().port}/api/payments/payfip/notification`,
    forIdOp: (idOp) => received.filter((request) => new URLSearchParams(request.body).get('idOp') === idOp),
    close: () => new Promise((done) => { server.close(done); server.closeAllConnections(); }),
  })));
}

let refdetCounter = 0;
const request = (overrides = {}) => ({
  exer: '2027',
  mel: 'claire.martin@example.org',
  montant: '1500',
  numcli: '990001',
  objet: 'Cantine mars 2027',
  refdet: `CAN2027${String(++refdetCounter).padStart(6, '0')}`,
  saisie: 'T',
  urlnotif: receiver.url,
  urlredirect: 'http://localhost:7071/api/payments/return',
  ...overrides,
});

const create = async (overrides) => (await client.creerPaiementSecuriseAsync({ arg0: request(overrides) }))[0].return.idOp;

/** The detail of a payment, or the fault's { code } when PayFiP answers one. */
async function detail(idOp) {
  try {
    return (await client.recupererDetailPaiementSecuriseAsync({ arg0: { idOp } }))[0].return;
  } catch (error) {
    return { fault: error.root?.Envelope?.Body?.Fault };
  }
}

async function rawSoap(operation, arg0Xml) {
  const envelope = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><p:${operation} xmlns:p="${serviceNamespace}"><arg0>${arg0Xml}</arg0></p:${operation}></s:Body></s:Envelope>`;
  const response = await fetch(`${base}/tpa/services/securite`, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' }, body: envelope });
  return { status: response.status, text: await response.text() };
}

const admin = async (path, body) => {
  const response = await fetch(`${base}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: response.headers.get('content-type')?.startsWith('application/json') ? await response.json() : await response.text() };
};

const submit = (form) => fetch(`${base}/tpa/paiementws.web`, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual' });

before(async () => {
  receiver = await startReceiver();
  ({ process: child, url: base } = await startProcess());
  client = await soap.createClientAsync(`${base}/tpa/services/securite?wsdl`);
});

after(async () => {
  child?.kill();
  await receiver?.close();
  rmSync(work, { recursive: true, force: true });
});

test('Wsdl_Served_DeclaresPayFipsOperationsNamespacesAndItsOwnAddress', async () => {
  const wsdl = await (await fetch(`${base}/tpa/services/securite?wsdl`)).text();
  assert.match(wsdl, new RegExp(`targetNamespace="${serviceNamespace}"`));
  for (const name of ['creerPaiementSecurise', 'recupererDetailPaiementSecurise', 'FonctionnelleErreur', 'CreerPaiementSecuriseRequest', 'RecupererDetailPaiementSecuriseResponse']) {
    assert.match(wsdl, new RegExp(`name="${name}"`));
  }
  assert.match(wsdl, new RegExp(`<soap:address location="${base}/tpa/services/securite"/>`));
  assert.deepEqual(Object.keys(client.describe().PaiementSecuriseService.PaiementSecuriseServicePort).sort(),
    ['creerPaiementSecurise', 'recupererDetailClient', 'recupererDetailPaiementSecurise']);
});

test('Create_ValidRequest_AnswersAnIdOpInUnqualifiedElementsAndDetailIsP5UntilTheCitizenActs', async () => {
  const fields = request();
  const arg0 = Object.entries(fields).map(([name, value]) => `<${name}>${value}</${name}>`).join('');
  const { status, text } = await rawSoap('creerPaiementSecurise', arg0);
  assert.equal(status, 200);
  // The response's return and idOp carry no namespace, as the schema's unqualified local elements say.
  const idOp = /<return><idOp>([0-9a-f-]{36})<\/idOp><\/return>/.exec(text)?.[1];
  assert.ok(idOp, text);
  const pending = await detail(idOp);
  assert.equal(pending.fault.faultstring, 'fr.gouv.finances.cp.tpa.webservice.exceptions.FonctionnelleErreur');
  assert.equal(pending.fault.detail.FonctionnelleErreur.code, 'P5');
});

test('Create_InputsPayFipRefuses_FaultWithPayFipsCodes', async () => {
  const cases = [
    [{ numcli: '12345' }, 'T1'], [{ numcli: '123456' }, 'T2'], [{ saisie: 'P' }, 'S1'], [{ exer: '27' }, 'E1'],
    [{ refdet: 'ABCD' }, 'R3'], [{ refdet: 'CAN-2027-01' }, 'R3'], [{ montant: '15.00' }, 'M1'], [{ montant: '99' }, 'M3'],
    [{ montant: '10000000' }, 'M5'], [{ mel: '' }, 'A1'], [{ mel: 'claire.example.org' }, 'A2'], [{ objet: 'x'.repeat(101) }, 'O1'],
    [{ urlnotif: 'notif' }, 'N1'], [{ urlredirect: `http://localhost/${'r'.repeat(250)}` }, 'D1'],
  ];
  for (const [overrides, code] of cases) {
    const arg0 = Object.entries(request(overrides)).map(([name, value]) => `<${name}>${value}</${name}>`).join('');
    const { status, text } = await rawSoap('creerPaiementSecurise', arg0);
    assert.equal(status, 500, JSON.stringify(overrides));
    assert.match(text, /<faultstring>fr\.gouv\.finances\.cp\.tpa\.webservice\.exceptions\.FonctionnelleErreur<\/faultstring>/);
    assert.match(text, new RegExp(`<detail><ns2:FonctionnelleErreur xmlns:ns2="${serviceNamespace}"><code>${code}</code>`), `${JSON.stringify(overrides)} → ${text}`);
  }
});

test('Detail_UnknownIdOp_FaultP1', async () => {
  const unknown = await detail('00000000-0000-4000-8000-000000000000');
  assert.equal(unknown.fault.detail.FonctionnelleErreur.code, 'P1');
  assert.equal(unknown.fault.detail.FonctionnelleErreur.libelle, 'IdOp incorrect.');
});

test('PaymentPage_CitizenPaysByCard_NotifiesTheRegieOnceThenRedirectsAndDetailSaysPaid', async () => {
  const idOp = await create({ montant: '2350' });
  const page = await fetch(`${base}/tpa/paiementws.web?idop=${idOp}`);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /<html lang="fr">/);
  assert.match(html, /<h1>Payer 23,50\s€<\/h1>/);
  for (const field of ['card', 'expiry', 'cvc']) {
    assert.match(html, new RegExp(`<label for="${field}">`));
    assert.match(html, new RegExp(`id="${field}" name="${field}"[^>]*aria-describedby="${field}-hint"`));
  }

  const response = await submit({ idop: idOp, means: 'card', card: '4970 1000 0000 0003', expiry: '12/30', cvc: '123', action: 'pay' });
  assert.equal(response.status, 303);
  assert.equal(response.headers.get('location'), 'http://localhost:7071/api/payments/return');
  // As PayFiP: the régie is notified (before the citizen is sent back), form-encoded, with the idOp only.
  const [notification] = await until(() => receiver.forIdOp(idOp).length === 1 && receiver.forIdOp(idOp), 5000, 'the notification');
  assert.equal(notification.method, 'POST');
  assert.equal(notification.contentType, 'application/x-www-form-urlencoded');
  assert.deepEqual([...new URLSearchParams(notification.body).keys()], ['idOp']);

  const paid = await detail(idOp);
  assert.equal(paid.resultrans, 'P');
  assert.match(paid.numauto, /^[A-Z0-9]{6}$/);
  assert.equal(paid.montant, '2350');
  assert.match(paid.dattrans, /^\d{8}$/);
  assert.match(paid.heurtrans, /^\d{4}$/);
  assert.equal(paid.idOp, idOp);

  // The idOp is spent: PayFiP's page refuses it (P3).
  const again = await fetch(`${base}/tpa/paiementws.web?idop=${idOp}`);
  assert.equal(again.status, 409);
  assert.match(await again.text(), /code P3/);
});

test('PaymentPage_CardFieldsWrong_ErrorsListedAndLinkedToTheirFieldsNothingRecorded', async () => {
  const idOp = await create();
  const response = await submit({ idop: idOp, means: 'card', card: '1234', expiry: '13/30', cvc: '', action: 'pay' });
  assert.equal(response.status, 400);
  const html = await response.text();
  assert.match(html, /role="alert"/);
  assert.match(html, /3 erreurs empêchent le paiement/);
  for (const field of ['card', 'expiry', 'cvc']) {
    assert.match(html, new RegExp(`<a href="#${field}">`));
    assert.match(html, new RegExp(`aria-describedby="${field}-hint ${field}-error" aria-invalid="true"`));
  }
  assert.equal((await detail(idOp)).fault.detail.FonctionnelleErreur.code, 'P5');
});

test('PaymentPage_RefusedByCardAbandonedAndDirectDebit_DetailSaysRAV', async () => {
  const refused = await create();
  assert.equal((await submit({ idop: refused, means: 'card', action: 'refuse' })).status, 303);
  const abandoned = await create();
  assert.equal((await submit({ idop: abandoned, action: 'abandon' })).status, 303);
  const debited = await create();
  assert.equal((await submit({ idop: debited, means: 'direct-debit', action: 'pay' })).status, 303);

  const refusedDetail = await detail(refused);
  assert.equal(refusedDetail.resultrans, 'R');
  assert.equal(refusedDetail.numauto, undefined);
  assert.equal((await detail(abandoned)).resultrans, 'A');
  assert.equal((await detail(debited)).resultrans, 'V');
  await until(() => [refused, abandoned, debited].every((idOp) => receiver.forIdOp(idOp).length === 1), 5000, 'three notifications');
});

test('AdminFaults_DropDuplicateDelay_NotificationsFollowButDetailStillSaysPaid', async () => {
  assert.equal((await admin('/admin/faults', { mode: 'drop', count: 1 })).status, 200);
  const dropped = await create();
  const paid = await admin('/admin/pay', { idOp: dropped, outcome: 'paid' });
  assert.equal(paid.status, 200);
  assert.equal(paid.json.resultrans, 'P');
  assert.deepEqual(paid.json.notifications.map((attempt) => attempt.status), ['dropped']);
  assert.equal((await detail(dropped)).resultrans, 'P');

  await admin('/admin/faults', { mode: 'duplicate', count: 1 });
  const duplicated = await create();
  await admin('/admin/pay', { idOp: duplicated, outcome: 'paid' });
  await until(() => receiver.forIdOp(duplicated).length === 2, 5000, 'two notifications');

  await admin('/admin/faults', { mode: 'delay', count: 1, delayMs: 300 });
  const delayed = await create();
  const started = Date.now();
  const answer = await admin('/admin/pay', { idOp: delayed, outcome: 'paid' });
  assert.deepEqual(answer.json.notifications, []);
  await until(() => receiver.forIdOp(delayed).length === 1, 5000, 'the delayed notification');
  assert.ok(Date.now() - started >= 300);

  // The faults were used up: the next notification is normal again, and none was sent for the dropped payment.
  assert.deepEqual((await admin('/admin/faults')).json.mode, 'none');
  assert.equal(receiver.forIdOp(dropped).length, 0);
});

test('DoublePayment_TwoIdOpsForOneRefdet_BothAcceptedAndBothInTheDailyReport', async () => {
  const refdet = 'DOUBLE2027TABS';
  const first = await create({ refdet, montant: '1200' });
  const second = await create({ refdet, montant: '1200' });
  assert.notEqual(first, second);
  await admin('/admin/pay', { idOp: first, outcome: 'paid' });
  await admin('/admin/pay', { idOp: second, outcome: 'paid' });

  const ledger = (await admin('/admin/ledger')).json.payments.filter((payment) => payment.refdet === refdet);
  assert.deepEqual(ledger.map((payment) => payment.outcome.resultrans), ['P', 'P']);

  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
  const report = (await admin(`/admin/report?date=${today}&numcli=990001`)).json;
  const lines = report.trimEnd().split('\r\n');
  assert.match(lines[0], /^EN-TETE;/);
  assert.equal(lines[1], 'LIGNE;DATE;REFDET;MONTANT;EXER;NUMCLI;NUMAUTO;IDOP;RESULTRANS;SAISIE;OBJET');
  assert.equal(lines.filter((line) => line.includes(`;${refdet};12,00;`)).length, 2);
  const footer = lines.at(-1).split(';');
  assert.equal(footer[0], 'PIED-DE-PAGE');
  assert.equal(Number(footer[1]), lines.length - 3);
});

test('AdminPay_AlreadySettledOrUnknown_Refused', async () => {
  const idOp = await create();
  await admin('/admin/pay', { idOp, outcome: 'abandoned' });
  assert.equal((await admin('/admin/pay', { idOp, outcome: 'paid' })).status, 409);
  assert.equal((await admin('/admin/pay', { idOp: 'nope', outcome: 'paid' })).status, 404);
  assert.equal((await admin('/admin/pay', { idOp, outcome: 'maybe' })).status, 400);
});

test('Ledger_File_KeepsPaymentsAcrossARestart', async () => {
  const idOp = await create();
  await admin('/admin/pay', { idOp, outcome: 'paid' });
  const saved = JSON.parse(readFileSync(ledgerFile, 'utf8')).payments.find((payment) => payment.idOp === idOp);
  assert.equal(saved.outcome.resultrans, 'P');

  const restarted = await startProcess();
  try {
    const other = await soap.createClientAsync(`${restarted.url}/tpa/services/securite?wsdl`);
    const [answer] = await other.recupererDetailPaiementSecuriseAsync({ arg0: { idOp } });
    assert.equal(answer.return.resultrans, 'P');
  } finally {
    restarted.process.kill();
  }
});

test('PaymentPage_IdOpOlderThanItsLifetime_RefusedWithP4', async () => {
  const simulator = await startSimulator({ idOpLifetimeMs: 1000 });
  try {
    const local = await soap.createClientAsync(`${simulator.url}/tpa/services/securite?wsdl`);
    const [created] = await local.creerPaiementSecuriseAsync({ arg0: request() });
    const page = () => fetch(`${simulator.url}/tpa/paiementws.web?idop=${created.return.idOp}`);
    assert.equal((await page()).status, 200);
    const expired = await until(async () => { const response = await page(); return response.status === 410 && response; }, 5000, 'the idOp to expire');
    assert.match(await expired.text(), /code P4/);
  } finally {
    await simulator.close();
  }
});

test('Admin_FromLoopbackOnly_AndTheServerListensOnLoopback', async () => {
  assert.match(base, /^http:\/\/127\.0\.0\.1:/);
  assert.equal((await admin('/admin/ledger')).status, 200);
  assert.equal((await admin('/admin/faults', { mode: 'sometimes' })).status, 400);
});
