// SPDX-License-Identifier: MIT
// A small reader for the YAML that profile files use (docs/profile.md), so a
// person can import their profile file into the advisor form without it
// leaving the browser. It reads block mappings and sequences, flow [..] and
// {..} collections, plain, single- and double-quoted scalars and comments;
// anchors, tags, multi-documents and block scalars (| >) are refused with a
// message, as the relok loader refuses them too. Errors name the line.

export class YamlError extends Error {
  constructor(msg, line) {
    super(line ? `line ${line}: ${msg}` : msg);
    this.line = line;
  }
}

function stripComment(s) {
  let q = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) {
      if (c === q) {
        if (q === "'" && s[i + 1] === "'") { i++; continue; }
        q = null;
      } else if (c === '\\' && q === '"') i++;
    } else if (c === '"' || c === "'") {
      q = c;
    } else if (c === '#' && (i === 0 || /\s/.test(s[i - 1]))) {
      return s.slice(0, i);
    }
  }
  return s;
}

function plainScalar(s, line) {
  const v = s.trim();
  if (v === '' || v === '~' || v === 'null' || v === 'Null' || v === 'NULL') return null;
  if (/^(true|True|TRUE)$/.test(v)) return true;
  if (/^(false|False|FALSE)$/.test(v)) return false;
  if (/^[-+]?(\d[\d_]*)(\.\d+)?([eE][-+]?\d+)?$/.test(v)) return Number(v.replace(/_/g, ''));
  if (/^[&*!|>%@`]/.test(v)) throw new YamlError(`unsupported YAML feature at "${v.slice(0, 12)}"`, line);
  return v;
}

function quoted(s, i, line) {
  const q = s[i];
  let out = '';
  let j = i + 1;
  for (; j < s.length; j++) {
    const c = s[j];
    if (q === "'") {
      if (c === "'") {
        if (s[j + 1] === "'") { out += "'"; j++; continue; }
        return { value: out, end: j + 1 };
      }
      out += c;
    } else {
      if (c === '"') return { value: out, end: j + 1 };
      if (c === '\\') {
        const n = s[++j];
        const map = { n: '\n', t: '\t', '"': '"', '\\': '\\', '/': '/', r: '\r', 0: '\0' };
        if (n === 'u') { out += String.fromCharCode(parseInt(s.slice(j + 1, j + 5), 16)); j += 4; } else if (n in map) out += map[n];
        else throw new YamlError(`bad escape \\${n}`, line);
      } else out += c;
    }
  }
  throw new YamlError('unterminated quoted string', line);
}

/** Parse a flow collection or scalar starting at s[i]; returns {value, end}. */
function flow(s, i, line) {
  const ws = () => { while (i < s.length && /\s/.test(s[i])) i++; };
  ws();
  const c = s[i];
  if (c === '[' || c === '{') {
    const close = c === '[' ? ']' : '}';
    const isMap = c === '{';
    const out = isMap ? {} : [];
    i++;
    ws();
    if (s[i] === close) return { value: out, end: i + 1 };
    for (;;) {
      ws();
      if (isMap) {
        let key;
        if (s[i] === '"' || s[i] === "'") { const q = quoted(s, i, line); key = q.value; i = q.end; } else {
          const m = /^[^:,{}\[\]]+/.exec(s.slice(i));
          if (!m) throw new YamlError('expected a key in {...}', line);
          key = m[0].trim(); i += m[0].length;
        }
        ws();
        if (s[i] !== ':') throw new YamlError(`expected ':' after "${key}"`, line);
        i++;
        const v = flow(s, i, line);
        if (Object.prototype.hasOwnProperty.call(out, key)) throw new YamlError(`duplicate key "${key}"`, line);
        out[key] = v.value; i = v.end;
      } else {
        const v = flow(s, i, line);
        out.push(v.value); i = v.end;
      }
      ws();
      if (s[i] === ',') { i++; continue; }
      if (s[i] === close) return { value: out, end: i + 1 };
      throw new YamlError(`expected ',' or '${close}'`, line);
    }
  }
  if (c === '"' || c === "'") return quoted(s, i, line);
  const m = /^[^,{}\[\]]*/.exec(s.slice(i));
  return { value: plainScalar(m[0], line), end: i + m[0].length };
}

function inlineValue(text, line) {
  const v = text.trim();
  if (v === '') return undefined;
  // Outside [..] and {..} a plain scalar runs to the end of the line, commas included.
  if (!/^["'\[{]/.test(v)) return plainScalar(v, line);
  const r = flow(v, 0, line);
  if (v.slice(r.end).trim() !== '') throw new YamlError(`unexpected text after value: "${v.slice(r.end).trim()}"`, line);
  return r.value;
}

/** Split "key: value" at the first ': ' (or a trailing ':') outside quotes. */
function splitKey(s) {
  let q = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) { if (c === q) q = null; continue; }
    if (c === '"' || c === "'") { if (i === 0) q = c; continue; }
    if (c === '[' || c === '{') return null;
    if (c === ':' && (i + 1 === s.length || s[i + 1] === ' ')) {
      let key = s.slice(0, i).trim();
      if (/^(["']).*\1$/.test(key)) key = key.slice(1, -1);
      return { key, rest: s.slice(i + 1) };
    }
  }
  return null;
}

/** Parse YAML text into plain JS values. */
export function parseYaml(text) {
  const lines = [];
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, idx) => {
    if (/\t/.test(raw.match(/^\s*/)[0])) throw new YamlError('tabs are not allowed for indentation', idx + 1);
    const body = stripComment(raw).replace(/\s+$/, '');
    if (body.trim() === '') return;
    if (/^(---|\.\.\.)\s*$/.test(body)) {
      if (lines.length) throw new YamlError('only one document per file', idx + 1);
      return;
    }
    lines.push({ indent: body.match(/^ */)[0].length, text: body.trim(), line: idx + 1 });
  });
  let pos = 0;

  function block(indent) {
    const first = lines[pos];
    if (first.text.startsWith('- ') || first.text === '-') return seq(first.indent);
    return map(first.indent);
  }

  function valueAfter(rest, parentIndent, line) {
    const v = inlineValue(rest, line);
    if (v !== undefined) return v;
    if (pos < lines.length && lines[pos].indent > parentIndent) return block(lines[pos].indent);
    // "key:" followed by a sequence at the same indent is allowed in YAML.
    if (pos < lines.length && lines[pos].indent === parentIndent && lines[pos].text.startsWith('-')) return seq(parentIndent);
    return null;
  }

  function map(indent) {
    const out = {};
    while (pos < lines.length && lines[pos].indent === indent && !lines[pos].text.startsWith('- ') && lines[pos].text !== '-') {
      const { text: s, line } = lines[pos];
      const kv = splitKey(s);
      if (!kv) throw new YamlError(`expected "key: value", got "${s}"`, line);
      if (Object.prototype.hasOwnProperty.call(out, kv.key)) throw new YamlError(`duplicate key "${kv.key}"`, line);
      pos++;
      out[kv.key] = valueAfter(kv.rest, indent, line);
    }
    if (pos < lines.length && lines[pos].indent > indent) throw new YamlError('unexpected indentation', lines[pos].line);
    return out;
  }

  function seq(indent) {
    const out = [];
    while (pos < lines.length && lines[pos].indent === indent && (lines[pos].text.startsWith('- ') || lines[pos].text === '-')) {
      const { text: s, line } = lines[pos];
      const rest = s === '-' ? '' : s.slice(2);
      const inner = indent + 2 + (rest.match(/^ */)[0].length);
      const r = rest.trim();
      if (r === '') {
        pos++;
        out.push(pos < lines.length && lines[pos].indent > indent ? block(lines[pos].indent) : null);
        continue;
      }
      const kv = splitKey(r);
      if (kv && !/^["'\[{]/.test(r)) {
        // "- key: value" starts a mapping whose further keys sit at `inner`.
        lines[pos] = { indent: inner, text: r, line };
        out.push(map(inner));
      } else {
        pos++;
        out.push(inlineValue(r, line));
      }
    }
    return out;
  }

  if (!lines.length) return null;
  const v = lines.length === 1 && !splitKey(lines[0].text) && !lines[0].text.startsWith('-')
    ? inlineValue(lines[pos++].text, lines[0].line) : block(lines[0].indent);
  if (pos < lines.length) throw new YamlError('unexpected text', lines[pos].line);
  return v;
}

/** A profile file's text as an object: JSON when it looks like JSON, else YAML. */
export function parseProfileText(text) {
  const tr = text.trim();
  if (tr.startsWith('{')) {
    try { return JSON.parse(tr); } catch (e) { throw new YamlError(`JSON: ${e.message}`); }
  }
  return parseYaml(text);
}
