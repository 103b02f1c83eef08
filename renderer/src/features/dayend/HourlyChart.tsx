import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ZHour } from '@shared/dayend/zReport';

/**
 * Sales (¥) and pickups per store-local hour as bars, drawn by uPlot. This
 * module is loaded only when a report is shown (React.lazy), so uPlot's ~52 kB
 * never weigh on start-up.
 */
export default function HourlyChart({
  hours,
  salesLabel,
  pickupsLabel,
  width = 560,
}: {
  hours: readonly ZHour[];
  salesLabel: string;
  pickupsLabel: string;
  width?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const bars = uPlot.paths.bars!({ size: [0.4, 40], align: -1 });
    const barsRight = uPlot.paths.bars!({ size: [0.4, 40], align: 1 });
    const plot = new uPlot(
      {
        width,
        height: 180,
        scales: { x: { time: false }, pickups: { auto: true } },
        axes: [
          { values: (_u, ticks) => ticks.map((h) => `${h}`) },
          { label: salesLabel, size: 56 },
          { scale: 'pickups', side: 1, label: pickupsLabel, grid: { show: false } },
        ],
        series: [
          {},
          { label: salesLabel, paths: bars, fill: '#2f6fdf', stroke: '#2f6fdf', points: { show: false } },
          {
            label: pickupsLabel,
            scale: 'pickups',
            paths: barsRight,
            fill: '#e08a00',
            stroke: '#e08a00',
            points: { show: false },
          },
        ],
      },
      [hours.map((h) => h.hour), hours.map((h) => h.salesFen / 100), hours.map((h) => h.pickups)],
      el,
    );
    return () => plot.destroy();
  }, [hours, salesLabel, pickupsLabel, width]);
  return <div ref={box} className="dayend-chart" />;
}
