// A small React wrapper around an ECharts instance: loads ECharts on first use (its own chunk),
// initialises on mount, applies `option` when it changes, follows the container's size and
// disposes on unmount. The chart itself is decorative for screen readers (aria-hidden): every
// chart on the dashboard has a text alternative (a summary and a table) beside it.
import { useEffect, useRef, useState } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { useTranslation } from 'react-i18next';

type EchartsModule = typeof import('./echartsSetup');
let loading: Promise<EchartsModule> | null = null;
function loadEcharts(): Promise<EchartsModule> {
  loading ??= import('./echartsSetup');
  return loading;
}

export function EChart({ option, height = 280, className }: { option: EChartsCoreOption; height?: number; className?: string }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<EchartsModule['echarts']['init']> | null>(null);
  const [failed, setFailed] = useState(false);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | null = null;
    loadEcharts()
      .then(({ echarts }) => {
        if (disposed || !box.current) return;
        chart.current = echarts.init(box.current, undefined, { renderer: 'svg' });
        observer = new ResizeObserver(() => chart.current?.resize());
        observer.observe(box.current);
        setReady(true);
      })
      .catch(() => setFailed(true));
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (ready) chart.current?.setOption(option, { notMerge: true });
  }, [option, ready]);

  if (failed) return <p className="muted small">{t('dashboard.chart.failed')}</p>;
  return <div ref={box} className={className ?? 'echart'} style={{ height }} aria-hidden="true" />;
}
