// Errors crossing a worker-thread boundary: structured clone keeps only a plain Error's message, so the class
// (which decides the CLI's exit code, e.g. UsageError → 2) travels by name and is rebuilt on the other side.
import { DataError, GraphError, TrainingError, UsageError } from '../errors.ts';

export interface WireError {
  name: string;
  message: string;
  stack?: string;
}

export function toWire(e: unknown): WireError {
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack };
  return { name: 'Error', message: String(e) };
}

export function fromWire(w: WireError): Error {
  let e: Error;
  if (w.name === 'UsageError') e = new UsageError(w.message);
  else if (w.name === 'GraphError') e = new GraphError(w.message);
  else if (w.name === 'TrainingError') e = new TrainingError(w.message);
  else if (w.name === 'DataError') {
    // DataError's message is `where: message`; split it back so the rebuilt message is the same text.
    const cut = w.message.indexOf(': ');
    e = cut < 0 ? new DataError('?', w.message) : new DataError(w.message.slice(0, cut), w.message.slice(cut + 2));
  } else {
    e = new Error(w.message);
    e.name = w.name;
  }
  if (w.stack) e.stack = w.stack;
  return e;
}
