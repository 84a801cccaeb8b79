#!/usr/bin/env node
// Validates Teams app manifests (and their localization files) against Microsoft's official JSON schemas,
// offline: the schemas come from the pinned @microsoft/app-manifest package, which bundles them under
// build/json-schemas/teams/<version>/. The network is switched off before the package is loaded, so a
// schema that is not bundled is an error here, never a download.
//
//   node validate-manifest.js manifest.json [more.json ...]
//
// Each file is validated against the schema its "$schema" names (a manifest without "$schema" uses its
// "manifestVersion"). For a manifest, the localization files it references (localizationInfo) are read from
// the same folder and validated too, and their keys must point at something that exists in the manifest.
// Leftover "{{PLACEHOLDER}}" values are errors (the upload zip must not contain them).
// Exit codes: 0 valid, 1 validation errors, 2 usage or I/O problems.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

blockNetwork();

const { AppManifestUtils } = require('@microsoft/app-manifest');

const SCHEMA_ROOT = path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams');
const SCHEMA_URL = /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?json-schemas\/teams\/(v[0-9.]+|vDevPreview)\/(MicrosoftTeams(?:\.Localization)?\.schema\.json)$/i;

function blockNetwork() {
  const refuse = () => { throw new Error('validate-manifest.js runs offline: network access is disabled'); };
  globalThis.fetch = async () => refuse();
  for (const mod of ['node:http', 'node:https', 'node:net', 'node:tls']) {
    const m = require(mod);
    for (const fn of ['request', 'get', 'connect', 'createConnection']) {
      if (typeof m[fn] === 'function') m[fn] = refuse;
    }
  }
}

function readJson(file) {
  let text = fs.readFileSync(file, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return JSON.parse(text);
}

function bundledVersions() {
  return fs.readdirSync(SCHEMA_ROOT)
    .filter((d) => fs.existsSync(path.join(SCHEMA_ROOT, d, 'MicrosoftTeams.schema.json')))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

// Returns { kind: 'manifest'|'localization', version, schemaFile } or throws with a readable message.
function resolveSchema(doc) {
  if (typeof doc.$schema === 'string') {
    const m = SCHEMA_URL.exec(doc.$schema);
    if (!m) throw new Error(`"$schema" is not a Teams manifest schema URL this checker knows: ${doc.$schema}`);
    const version = m[1].toLowerCase() === 'vdevpreview' ? 'vDevPreview' : m[1];
    const schemaFile = path.join(SCHEMA_ROOT, version, m[2]);
    if (!fs.existsSync(schemaFile)) {
      throw new Error(`schema ${version}/${m[2]} is not bundled with @microsoft/app-manifest (bundled: ${bundledVersions().join(', ')}); refusing to download it`);
    }
    return { kind: m[2].includes('Localization') ? 'localization' : 'manifest', version, schemaFile };
  }
  if (typeof doc.manifestVersion === 'string') {
    const version = doc.manifestVersion === 'devPreview' ? 'vDevPreview' : `v${doc.manifestVersion}`;
    const schemaFile = path.join(SCHEMA_ROOT, version, 'MicrosoftTeams.schema.json');
    if (!fs.existsSync(schemaFile)) throw new Error(`manifestVersion ${doc.manifestVersion} has no bundled schema`);
    return { kind: 'manifest', version, schemaFile };
  }
  throw new Error('neither "$schema" nor "manifestVersion" says which schema applies');
}

function loadSchema(schemaFile) {
  // Some published schemas contain \a and \v escapes, which JSON does not allow.
  const raw = fs.readFileSync(schemaFile, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
  return JSON.parse(raw);
}

function validateNonUnicode(doc, schema) {
  const from = path.dirname(require.resolve('@microsoft/app-manifest'));
  const Ajv = require(require.resolve('ajv-draft-04', { paths: [from] }));
  const addFormats = require(require.resolve('ajv-formats', { paths: [from] }));
  const ajv = new (Ajv.default || Ajv)({ allErrors: true, strictTypes: false, unicodeRegExp: false });
  (addFormats.default || addFormats)(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(schema);
  if (validate(doc)) return [];
  return validate.errors.map((e) => `${e.instancePath || '/'} ${e.message || ''}. Details: ${JSON.stringify(e.params || {})}`);
}

function findPlaceholders(value, at, out) {
  if (typeof value === 'string') {
    const m = value.match(/\{\{[^}]*\}\}/g);
    if (m) out.push(`${at || '/'} still contains the placeholder ${m.join(', ')}`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => findPlaceholders(v, `${at}/${i}`, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) findPlaceholders(v, `${at}/${k}`, out);
  }
}

// A localization key such as "bots[0].commandLists[1].commands[2].description" must name a string in the manifest.
function resolveKey(manifest, key) {
  if (['name.short', 'name.full', 'description.short', 'description.full'].includes(key)) {
    const [a, b] = key.split('.');
    return manifest[a] && typeof manifest[a][b] === 'string';
  }
  let node = manifest;
  for (const part of key.split('.')) {
    const m = /^([A-Za-z0-9]+)(?:\[(\d+)\])?$/.exec(part);
    if (!m || node === null || typeof node !== 'object') return false;
    node = node[m[1]];
    if (m[2] !== undefined) node = Array.isArray(node) ? node[Number(m[2])] : undefined;
  }
  return typeof node === 'string';
}

async function validateDoc(doc, expectKind) {
  const errors = [];
  let info;
  try {
    info = resolveSchema(doc);
  } catch (e) {
    return { errors: [e.message] };
  }
  if (expectKind && info.kind !== expectKind) errors.push(`expected a ${expectKind} file but "$schema" names a ${info.kind} schema`);
  if (info.kind === 'manifest' && typeof doc.manifestVersion === 'string') {
    const fromVersion = doc.manifestVersion === 'devPreview' ? 'vDevPreview' : `v${doc.manifestVersion}`;
    if (fromVersion !== info.version) errors.push(`/manifestVersion "${doc.manifestVersion}" does not match the "$schema" version ${info.version}`);
  }
  const schema = loadSchema(info.schemaFile);
  let schemaErrors;
  try {
    schemaErrors = await AppManifestUtils.validateAgainstSchema(doc, schema);
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    // Some official schemas (the v1.2x Localization schemas) contain patterns such as "\b]" that are not valid
    // with JavaScript's "u" flag, which the package's Ajv set-up uses. Validate with the same Ajv, non-unicode.
    schemaErrors = validateNonUnicode(doc, schema);
  }
  errors.push(...schemaErrors.map((e) => (e.startsWith(' ') ? `/${e}` : e)));
  findPlaceholders(doc, '', errors);
  return { errors, info };
}

async function validateFile(file) {
  const report = [];
  let doc;
  try {
    doc = readJson(file);
  } catch (e) {
    report.push({ file, errors: [`cannot read JSON: ${e.message}`] });
    return report;
  }
  const { errors, info } = await validateDoc(doc);
  report.push({ file, errors, info });
  if (!info || info.kind !== 'manifest' || !doc.localizationInfo) return report;

  const dir = path.dirname(file);
  const languages = [];
  if (doc.localizationInfo.defaultLanguageFile) languages.push({ tag: doc.localizationInfo.defaultLanguageTag, file: doc.localizationInfo.defaultLanguageFile });
  for (const l of doc.localizationInfo.additionalLanguages || []) languages.push({ tag: l.languageTag, file: l.file });
  for (const lang of languages) {
    if (typeof lang.file !== 'string') continue;
    const locFile = path.join(dir, lang.file);
    const locErrors = [];
    if (!fs.existsSync(locFile)) {
      errors.push(`/localizationInfo: the ${lang.tag} file "${lang.file}" does not exist next to the manifest`);
      continue;
    }
    let loc;
    try {
      loc = readJson(locFile);
    } catch (e) {
      report.push({ file: locFile, errors: [`cannot read JSON: ${e.message}`] });
      continue;
    }
    const res = await validateDoc(loc, 'localization');
    locErrors.push(...res.errors);
    if (res.info && res.info.version !== info.version) locErrors.push(`"$schema" is version ${res.info.version} but the manifest uses ${info.version}`);
    for (const key of Object.keys(loc)) {
      if (key === '$schema' || key === 'localizationKeys') continue;
      if (!resolveKey(doc, key)) locErrors.push(`key "${key}" does not point at a string in the manifest`);
    }
    report.push({ file: locFile, errors: locErrors, info: res.info });
  }
  return report;
}

async function main() {
  const files = process.argv.slice(2);
  if (files.length === 0 || files.includes('--help') || files.includes('-h')) {
    console.error('usage: node validate-manifest.js manifest.json [more.json ...]');
    return 2;
  }
  let failed = 0;
  for (const file of files) {
    if (!fs.existsSync(file)) {
      console.error(`${file}: no such file`);
      return 2;
    }
    for (const r of await validateFile(file)) {
      const what = r.info ? `${r.info.kind} ${r.info.version}` : 'unknown';
      if (r.errors.length === 0) {
        console.log(`${r.file}: valid (${what})`);
      } else {
        failed++;
        console.log(`${r.file}: ${r.errors.length} error(s) (${what})`);
        for (const e of r.errors) console.log(`  ${e}`);
      }
    }
  }
  return failed ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (e) => { console.error(e.stack || String(e)); process.exitCode = 2; });
