import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParsedCode } from '@shared/codes/parse';
import {
  createCameraScanner,
  createWorkerDecoder,
  DEFAULT_DECODER_ENGINE,
  type CameraScanner,
  type WorkerFrameDecoder,
} from '../scanning';

/** The detection area: the centre of the frame, as fractions of width/height (drawn as the frame on the preview). */
export const DETECTION_AREA = { x: 0.2, y: 0.2, width: 0.6, height: 0.6 } as const;

/** Longest side of the area handed to the decoder: larger frames cost time and read no better. */
const MAX_SIDE = 640;

/**
 * Camera scanning, optional: choose a camera (enumerateDevices), see the live
 * preview with the detection area, and every animation frame the area is
 * grabbed and offered to the decoder worker (dropped while it is busy). A read
 * goes through the two-frame agreement filter and the one parser, then into
 * the same `onScan` the keyboard wedge calls.
 */
export function CameraPanel({ onScan }: { onScan: (parsed: ParsedCode) => void }) {
  const { t } = useTranslation();
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [deviceId, setDeviceId] = useState<string>('');
  const [running, setRunning] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const videoRef = useRef<HTMLVideoElement>(null);
  const onScanRef = useRef(onScan);
  useEffect(() => {
    onScanRef.current = onScan;
  });
  const hasMedia = typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;

  const listDevices = useCallback(() => {
    if (!navigator.mediaDevices?.enumerateDevices) return Promise.resolve();
    return navigator.mediaDevices.enumerateDevices().then((all) => {
      const cams = all.filter((d) => d.kind === 'videoinput');
      setDevices(cams);
      setDeviceId((current) => current || cams[0]?.deviceId || '');
    });
  }, []);

  useEffect(() => {
    if (hasMedia) listDevices().catch(() => undefined);
  }, [hasMedia, listDevices]);

  useEffect(() => {
    if (!running) return;
    let stopped = false;
    let stream: MediaStream | null = null;
    let decoder: WorkerFrameDecoder | null = null;
    let scanner: CameraScanner | null = null;
    let raf = 0;
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });

    const loop = () => {
      if (stopped) return;
      const video = videoRef.current;
      if (
        video &&
        ctx &&
        scanner &&
        decoder &&
        !decoder.busy &&
        video.readyState >= 2 &&
        video.videoWidth > 0
      ) {
        const sx = Math.round(video.videoWidth * DETECTION_AREA.x);
        const sy = Math.round(video.videoHeight * DETECTION_AREA.y);
        const sw = Math.round(video.videoWidth * DETECTION_AREA.width);
        const sh = Math.round(video.videoHeight * DETECTION_AREA.height);
        const scale = Math.min(1, MAX_SIDE / Math.max(sw, sh));
        canvas.width = Math.round(sw * scale);
        canvas.height = Math.round(sh * scale);
        ctx.drawImage(video, sx, sy, sw, sh, 0, 0, canvas.width, canvas.height);
        const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
        void scanner
          .offer({ width: image.width, height: image.height, data: image.data })
          .catch(() => undefined);
      }
      raf = requestAnimationFrame(loop);
    };

    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: deviceId
            ? { deviceId: { exact: deviceId }, width: { ideal: 1280 }, height: { ideal: 720 } }
            : { facingMode: 'environment' },
          audio: false,
        });
        if (stopped) return stream.getTracks().forEach((tr) => tr.stop());
        // Labels are only known after permission: list again to show names.
        void listDevices().catch(() => undefined);
        const video = videoRef.current;
        if (video) {
          video.srcObject = stream;
          await video.play().catch(() => undefined);
        }
        decoder = createWorkerDecoder({ engine: DEFAULT_DECODER_ENGINE });
        scanner = createCameraScanner({
          decoder,
          onScan: (parsed) => onScanRef.current(parsed),
          parse: { context: 'counter' },
        });
        raf = requestAnimationFrame(loop);
      } catch (error) {
        setProblem(t('counter.camera.denied', { message: (error as Error)?.message ?? String(error) }));
        setRunning(false);
      }
    })();
    return () => {
      stopped = true;
      cancelAnimationFrame(raf);
      stream?.getTracks().forEach((tr) => tr.stop());
      decoder?.dispose();
      scanner?.reset();
    };
  }, [running, deviceId, listDevices, t]);

  if (!hasMedia) {
    return (
      <section className="counter-camera" aria-label={t('counter.camera.title')}>
        <p>{t('counter.camera.unavailable')}</p>
      </section>
    );
  }

  return (
    <section className="counter-camera" aria-labelledby="counter-camera-title">
      <h2 id="counter-camera-title">{t('counter.camera.title')}</h2>
      <div className="counter-options">
        {devices.length > 1 && (
          <label>
            {t('counter.camera.choose')}{' '}
            <select value={deviceId} onChange={(e) => setDeviceId(e.target.value)}>
              {devices.map((d, i) => (
                <option key={d.deviceId || i} value={d.deviceId}>
                  {d.label || `${t('counter.camera.choose')} ${i + 1}`}
                </option>
              ))}
            </select>
          </label>
        )}
        <button
          type="button"
          className="counter-secondary"
          aria-pressed={running}
          onClick={() => {
            setProblem(null);
            setRunning((r) => !r);
          }}
        >
          {running ? t('counter.camera.stop') : t('counter.camera.start')}
        </button>
      </div>
      {problem && <p role="alert">{problem}</p>}
      {running && (
        <div className="counter-camera-view">
          <video ref={videoRef} muted playsInline aria-label={t('counter.camera.preview')} />
          <div className="counter-camera-area" title={t('counter.camera.area')} />
        </div>
      )}
    </section>
  );
}
