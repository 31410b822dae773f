import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);

// src/openstack/http.ts
import http from "node:http";
import https from "node:https";
var TransportError = class extends Error {
  code;
  constructor(message, code, options) {
    super(message, options);
    this.name = "TransportError";
    this.code = code;
  }
};
var DEFAULT_IDLE_TIMEOUT_MS = 6e4;
function httpTransport(tls = { rejectUnauthorized: true }, idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS) {
  const httpAgent = new http.Agent({ keepAlive: true });
  const httpsAgent = new https.Agent({
    keepAlive: true,
    ca: tls.ca,
    rejectUnauthorized: tls.rejectUnauthorized
  });
  return (req) => send(req, (u) => u.protocol === "https:" ? httpsAgent : httpAgent, idleTimeoutMs);
}
function send(req, agentFor, idleTimeoutMs) {
  const url = typeof req.url === "string" ? new URL(req.url) : req.url;
  const lib = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (err) => {
      if (settled) return;
      settled = true;
      if (isStream(req.body)) req.body.destroy();
      const e = err;
      reject(
        err instanceof TransportError ? err : new TransportError(`${req.method} ${url.origin}${url.pathname}: ${e.message}`, e.code, {
          cause: err
        })
      );
    };
    const request = lib.request(
      url,
      { method: req.method, headers: req.headers, agent: agentFor(url), signal: req.signal },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("error", fail);
        res.on("aborted", () => fail(new TransportError("connection closed mid-response", "ECONNRESET")));
        res.on("end", () => {
          if (settled) return;
          settled = true;
          if (isStream(req.body) && !req.body.readableEnded) req.body.destroy();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
      }
    );
    request.on("error", fail);
    request.on("socket", (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(
        () => request.destroy(
          new TransportError(`could not connect within ${idleTimeoutMs / 1e3} s`, "ETIMEDOUT")
        ),
        idleTimeoutMs
      );
      socket.once("connect", () => clearTimeout(timer)).once("close", () => clearTimeout(timer));
    });
    request.setTimeout(
      idleTimeoutMs,
      () => request.destroy(new TransportError(`no answer for ${idleTimeoutMs / 1e3} s`, "ETIMEDOUT"))
    );
    const body = req.body;
    if (isStream(body)) {
      body.on("error", (err) => {
        request.destroy(err);
        fail(err);
      });
      body.pipe(request);
    } else {
      request.end(body);
    }
  });
}
function isStream(body) {
  return typeof body === "object" && body !== null && !Buffer.isBuffer(body) && "pipe" in body;
}

export {
  TransportError,
  DEFAULT_IDLE_TIMEOUT_MS,
  httpTransport
};
