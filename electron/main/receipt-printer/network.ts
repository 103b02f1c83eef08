import net from 'node:net';

export interface NetworkPrinterAddress {
  host: string;
  port: number;
}

/** Sends raw bytes to a network receipt printer (ESC/POS on TCP, port 9100 by default). */
export type RawSender = (address: NetworkPrinterAddress, bytes: Uint8Array) => Promise<void>;

/**
 * A raw TCP sender: connect, write, close. Rejects when the printer does not
 * accept the connection or the whole job within `timeoutMs` (a printer that is
 * off, unplugged or out of paper with a full buffer).
 */
export function createRawSender({ timeoutMs = 5_000 }: { timeoutMs?: number } = {}): RawSender {
  return ({ host, port }, bytes) =>
    new Promise<void>((resolve, reject) => {
      const socket = net.connect({ host, port });
      let settled = false;
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(
        () =>
          finish(new Error(`打印机无响应 / printer ${host}:${port} did not take the job in ${timeoutMs} ms`)),
        timeoutMs,
      );
      socket.once('error', (error) => finish(error));
      socket.once('connect', () => {
        socket.end(Buffer.from(bytes), () => finish());
      });
    });
}
