// Turns what Keystone or Glance answered into one readable line for a WorldError: the status and the
// service's own message. Keystone wraps it as {"error": {"message"}}, Glance (webob) as {"message"} or
// as plain text with a title line; anything else is cut short so a HTML page does not flood the log.
import { STATUS_CODES } from 'node:http';
import type { HttpResponse } from './http.js';

const MAX_TEXT = 300;

export function describeAnswer(res: HttpResponse): string {
  const status = `HTTP ${res.status} ${STATUS_CODES[res.status] ?? ''}`.trim();
  const message = messageOf(res.body.toString('utf8'));
  return message ? `${status}: ${message}` : status;
}

function messageOf(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  try {
    const doc = JSON.parse(trimmed) as Record<string, unknown>;
    const err = (doc.error ?? doc) as Record<string, unknown>;
    if (typeof err.message === 'string') return oneLine(err.message);
    if (typeof err.title === 'string') return oneLine(err.title);
  } catch {
    // not JSON: fall through to the text itself
  }
  // webob plain text: "409 Conflict\n\nImage ... already has data.\n\n   "; drop the status title line.
  const lines = trimmed
    .replace(/<[^>]+>/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length > 1 && /^\d{3}\b/.test(lines[0])) lines.shift();
  return oneLine(lines.join(' '));
}

function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_TEXT ? `${flat.slice(0, MAX_TEXT)}...` : flat;
}
