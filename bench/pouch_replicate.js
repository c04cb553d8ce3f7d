// The PouchDB peer of bench/bench_sync.py: the same records replicated between two PouchDB
// databases over HTTP on loopback (express-pouchdb), as our counter pushes to the server and a
// fresh counter pulls. Usage: node pouch_replicate.js RECORDS.jsonl WORKDIR; prints JSON.
const fs = require('fs');
const path = require('path');
const PouchDB = require('pouchdb');
const express = require('express');

const [records, work] = process.argv.slice(2);
const served = path.join(work, 'server') + path.sep;
fs.mkdirSync(served, {recursive: true});
const Served = PouchDB.defaults({prefix: served});
const app = express();
app.use('/', require('express-pouchdb')(Served, {mode: 'minimumForPouchDB', logPath: path.join(work, 'log.txt')}));

const listener = app.listen(0, '127.0.0.1', async () => {
  const remote = `http://127.0.0.1:${listener.address().port}/office`;
  const docs = fs.readFileSync(records, 'utf8').split('\n').filter(Boolean).map(JSON.parse);
  const a = new PouchDB(path.join(work, 'a'));
  for (let i = 0; i < docs.length; i += 1000) await a.bulkDocs(docs.slice(i, i + 1000));
  let t0 = process.hrtime.bigint();
  const pushed = await a.replicate.to(remote);
  const push = Number(process.hrtime.bigint() - t0) / 1e9;
  const b = new PouchDB(path.join(work, 'b'));
  t0 = process.hrtime.bigint();
  const pulled = await b.replicate.from(remote);
  const pull = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(JSON.stringify({records: docs.length, push, pull,
    pushed: pushed.docs_written, pulled: pulled.docs_written}));
  listener.close();
  process.exit(0);
});
