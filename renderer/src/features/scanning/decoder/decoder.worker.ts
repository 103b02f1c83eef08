// The .wasm is bundled with the app (Vite emits it into dist and gives its
// same-origin URL): the camera works offline and the CSP allows no CDN.
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import { createDecoderHost, type DecoderRequest, type DecoderResponse } from './decoderHost';

// Typed with the renderer's DOM lib (adding the WebWorker lib would clash with
// it); a worker's `self` has the same postMessage/onmessage shape used here.
const handle = createDecoderHost((message: DecoderResponse) => self.postMessage(message), {
  defaultWasmUrl: new URL(wasmUrl, self.location.href).href,
});

self.onmessage = (event: MessageEvent<DecoderRequest>) => {
  void handle(event.data);
};
