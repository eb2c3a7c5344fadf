// The life of an ECharts instance inside a component: ECharts is loaded on
// mount (a chunk of its own, so pages without a chart never fetch it), the
// chart follows its box's size, and it is disposed on unmount.
//   useChart(el, { ready: (chart) => { … }, gone: () => { … } })
// `ready` gets the new instance (after the component may have unmounted,
// it is not called); `gone` runs when it is disposed.
import { onMounted, onBeforeUnmount } from 'vue';

export function useChart(el, { ready, gone }) {
  let chart = null;
  let observer = null;
  onMounted(async () => {
    const echarts = (await import('./echarts.js')).default;
    if (!el.value) return;
    chart = echarts.init(el.value, null, { renderer: 'canvas' });
    ready(chart);
    observer = new ResizeObserver(() => chart && chart.resize());
    observer.observe(el.value);
  });
  onBeforeUnmount(() => {
    observer?.disconnect();
    chart?.dispose();
    chart = null;
    gone?.();
  });
}
