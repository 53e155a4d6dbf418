// Which connections a closing server may drop. Node's http.Server.close() calls closeIdleConnections(), which
// drops every socket without a request in progress — including sockets accepted a moment ago whose request has
// not been read yet, so clients that had already sent a request saw ECONNRESET instead of an answer (issue #17:
// 55 of 581 under a flood of non-keep-alive clients). Only a keep-alive socket that has been answered and sits
// idle is safe to drop: its client has nothing outstanding. Every other socket is left to receive its answer
// (503 shutting_down once closing, with Connection: close, so Node ends it after that reply).
//
// Closing the listener resets the connections still in the kernel's accept queue (the server never saw them), so
// a closing server first keeps listening — answering 503 shutting_down — until no connection has arrived for a
// quiet period (./server.ts), and clients that heard the 503 have stopped sending.
//
// The counts say what happened to every connection, so a shutdown can report it (and a test can check that every
// accepted connection was answered: a client may still see a reset for a connection still in the kernel's accept
// queue when the listener closes, which the server never accepted).
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

interface SocketState {
  active: number; // requests received and not yet answered
  answered: number; // replies finished on this socket
}

export interface ConnectionCounts {
  /** Connections accepted. */
  accepted: number;
  /** Requests answered (any status). */
  answered: number;
  /** Connections that closed with a request unanswered, or before any request was answered. */
  unanswered: number;
}

export interface ConnectionTracker {
  /** performance.now() of the last connection accepted (0: none yet). */
  readonly lastAcceptedAt: number;
  /** Destroys the sockets that have been answered and have no request in progress. */
  dropIdleAnswered(): void;
  readonly counts: Readonly<ConnectionCounts>;
}

export function trackConnections(server: Server): ConnectionTracker {
  const sockets = new Map<Socket, SocketState>();
  const counts: ConnectionCounts = { accepted: 0, answered: 0, unanswered: 0 };
  let lastAcceptedAt = 0;
  server.on('connection', (socket: Socket) => {
    const state: SocketState = { active: 0, answered: 0 };
    lastAcceptedAt = performance.now();
    counts.accepted++;
    sockets.set(socket, state);
    socket.once('close', () => {
      sockets.delete(socket);
      if (state.active > 0 || state.answered === 0) counts.unanswered++;
    });
  });
  server.on('request', (req, res) => {
    const state = sockets.get(req.socket);
    if (!state) return;
    state.active++;
    res.once('finish', () => {
      state.active--;
      state.answered++;
      counts.answered++;
    });
  });
  const dropIdleAnswered = () => {
    for (const [socket, s] of sockets) if (s.active === 0 && s.answered > 0) socket.destroy();
  };
  // On this server "idle" means answered and idle, also when http.Server.close() asks (Node ≥ 19 calls this).
  server.closeIdleConnections = dropIdleAnswered;
  return {
    dropIdleAnswered,
    counts,
    get lastAcceptedAt() {
      return lastAcceptedAt;
    },
  };
}
