// A local PayFiP for development and tests (docs/PAYMENTS.md): the DGFiP's secure-payment SOAP service, its payment
// page, its notification to the régie and its daily report, on 127.0.0.1 only, with admin endpoints for tests.
//
// Usage: node tools/payfip-local/server.mjs --port 7090 [--ledger FILE] [--client-numbers 990001,990002]
//                                           [--idop-lifetime-seconds 900]
import { parseArgs } from 'node:util';
import { defaultClientNumbers, paymentPagePath, servicePath, startSimulator } from './simulator.mjs';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '7090' },
    ledger: { type: 'string' },
    'client-numbers': { type: 'string', default: defaultClientNumbers.join(',') },
    'idop-lifetime-seconds': { type: 'string', default: '900' },
  },
});

const clientNumbers = args['client-numbers'].split(',').map((value) => value.trim()).filter(Boolean);
if (clientNumbers.some((value) => !/^\d{6}$/.test(value))) {
  console.error('payfip-local: a régie number (numcli) has 6 digits');
  process.exit(2);
}

const simulator = await startSimulator({
  port: Number(args.port),
  clientNumbers,
  ledgerFile: args.ledger,
  idOpLifetimeMs: Number(args['idop-lifetime-seconds']) * 1000,
});
console.log('payfip-local listening on %s (service %s%s, payment page %s%s, régies %s)',
  simulator.url, simulator.url, servicePath, simulator.url, paymentPagePath, clientNumbers.join(', '));

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => simulator.close().then(() => process.exit(0)));
}
