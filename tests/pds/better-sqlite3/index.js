// The part of better-sqlite3's API that @atproto/pds uses (through Kysely's SqliteDialect and
// its own pragmas), on libsql's prebuilt binaries: better-sqlite3 must be compiled for each
// Node version, and the test machines have no compiler for it. Where libsql answers otherwise
// than better-sqlite3, the rows are reshaped: BLOB columns come from all() and iterate() as
// ArrayBuffer, not Buffer (the PDS reads CIDs and CBOR out of them), get() adds a `_metadata`
// column of timings, run() adds a `duration`, and pluck() is ignored by get().
'use strict'
const Libsql = require('libsql')

const asBuffer = (value) => (value instanceof ArrayBuffer ? Buffer.from(value) : value)

class Statement {
  #inner
  #plucked = false

  constructor(inner) {
    this.#inner = inner
  }

  get reader() {
    return this.#inner.reader
  }

  raw(on = true) {
    this.#inner.raw(on)
    return this
  }

  pluck(on = true) {
    this.#plucked = on
    return this
  }

  safeIntegers(on = true) {
    this.#inner.safeIntegers(on)
    return this
  }

  columns() {
    return this.#inner.columns()
  }

  run(...parameters) {
    const { changes, lastInsertRowid } = this.#inner.run(...parameters)
    return { changes, lastInsertRowid }
  }

  get(...parameters) {
    return this.#shape(this.#inner.get(...parameters))
  }

  all(...parameters) {
    return Array.from(this.iterate(...parameters))
  }

  *iterate(...parameters) {
    for (const row of this.#inner.iterate(...parameters)) yield this.#shape(row)
  }

  #shape(row) {
    if (row === undefined || row === null) return row
    if (Array.isArray(row)) return row.map(asBuffer) // raw mode: the values only
    const columns = Object.entries(row).filter(([name]) => name !== '_metadata')
    if (this.#plucked) return asBuffer(columns[0]?.[1])
    return Object.fromEntries(columns.map(([name, value]) => [name, asBuffer(value)]))
  }
}

class Database extends Libsql {
  prepare(sql) {
    return new Statement(super.prepare(sql))
  }
}

module.exports = Database
module.exports.default = Database
module.exports.SqliteError = Libsql.SqliteError
