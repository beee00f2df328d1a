import assert from "node:assert/strict";
import net from "node:net";
import { afterAll, beforeAll, describe, it } from "vitest";
import { TcpProxy } from "./tcp-proxy.js";

/** Connects, writes `text`, resolves with what came back before the socket closed or `text` echoed. */
function roundTrip(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    let got = "";
    const socket = net.connect(port, "127.0.0.1", () => socket.write(text));
    socket.on("data", (chunk) => {
      got += chunk.toString();
      if (got === text) socket.end();
    });
    socket.on("error", () => undefined);
    socket.on("close", () => resolve(got));
  });
}

describe("TcpProxy", () => {
  let echo: net.Server;
  let other: net.Server;
  let proxy: TcpProxy;
  let port: number;

  const listen = async (server: net.Server) => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    return (server.address() as net.AddressInfo).port;
  };

  beforeAll(async () => {
    echo = net.createServer((socket) => socket.pipe(socket));
    other = net.createServer((socket) => socket.end("other"));
    proxy = new TcpProxy("127.0.0.1", await listen(echo));
    port = await proxy.listen();
    await listen(other);
  });

  afterAll(async () => {
    await proxy.close();
    echo.close();
    other.close();
  });

  it("forwards, refuses while cut, forwards again once restored, and can point elsewhere", async () => {
    assert.equal(await roundTrip(port, "hello"), "hello");
    proxy.pause();
    assert.equal(await roundTrip(port, "lost"), "");
    proxy.resume();
    assert.equal(await roundTrip(port, "back"), "back");
    proxy.retarget("127.0.0.1", (other.address() as net.AddressInfo).port);
    assert.equal(await roundTrip(port, "x"), "other");
  });

  it("drops a connection that is open when the cut comes", async () => {
    const socket = net.connect(port, "127.0.0.1");
    socket.on("error", () => undefined);
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    proxy.pause();
    await closed;
    proxy.resume();
  });
});
