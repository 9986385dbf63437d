// SPDX-License-Identifier: MIT
// The server's errors in the reader's language. Every API error carries a
// stable `reason` ("date_invalid", "trip_overlap", …; docs/api.md lists
// them) and the `field` at fault ("trips[1].entry"). The reason becomes a
// sentence and the field a phrase ("the 2nd trip's entry date", "дата
// въезда 2-й поездки"); an internal field path is never shown to a person.

import { t, getLang } from './i18n.js';

/** English ordinal: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st. */
function ordinal(n) {
  const m100 = n % 100;
  const suffix = m100 >= 11 && m100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] || 'th');
  return `${n}${suffix}`;
}

// Body fields, query parameters and path parameters a person can recognise.
const NAMED = ['on', 'doc', 'country', 'in', 'from', 'until', 'as_of', 'trips', 'cc', 'land_only'];

/** The field an error names, as a phrase ('' when a person would not know it). */
export function fieldPhrase(field) {
  if (!field) return '';
  const m = /^trips\[(\d+)\](?:\.(\w+))?$/.exec(field);
  if (m) {
    const n = Number(m[1]) + 1;
    const part = ['entry', 'exit', 'country', 'status'].includes(m[2]) ? m[2] : 'trip';
    return t(`errfield.trip_${part}`, { n, nth: getLang() === 'ru' ? `${n}-й` : ordinal(n) });
  }
  return NAMED.includes(field) ? t(`errfield.${field}`) : '';
}

const REASONS = ['json_invalid', 'type_wrong', 'key_unknown', 'field_missing', 'value_unknown', 'date_invalid',
  'date_out_of_range', 'country_invalid', 'country_unknown', 'exit_before_entry', 'entry_after_check',
  'exit_after_check', 'planned_without_exit', 'ongoing_twice', 'trip_overlap', 'until_before_from',
  'rule_conflict', 'no_plan', 'too_large', 'busy', 'param_unknown', 'param_repeated', 'not_found', 'out_of_range'];

/** One sentence for an API error, in the reader's language. */
export function errorText(err) {
  if (!err) return '';
  if (err.offline) return t('error.offline');
  if (err.status === 501) return t('error.notimpl');
  if (err.reason && REASONS.includes(err.reason)) {
    const what = fieldPhrase(err.field);
    const problem = t(`reason.${err.reason}`);
    if (!what) return `${problem.charAt(0).toUpperCase()}${problem.slice(1)}.`;
    return `${what.charAt(0).toUpperCase()}${what.slice(1)}: ${problem}.`;
  }
  // A reason this page does not know (a newer server): the server's detail
  // in the reader's language (`text`, worded by the library's catalogue),
  // else a general sentence.
  if (getLang() === 'en' && err.message && err.status) return err.message;
  const ru = err.text && err.text.ru;
  if (getLang() === 'ru' && ru && err.status < 500 && /[а-яё]/i.test(ru)) {
    return `${ru.charAt(0).toUpperCase()}${ru.slice(1)}.`;
  }
  return err.status >= 500 ? t('reason.internal') : t('reason.other');
}
