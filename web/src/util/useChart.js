// The life of an ECharts instance inside a component: ECharts is loaded on
// mount (a chunk of its own, so pages without a chart never fetch it), the
// chart follows its box's size, and it is disposed on unmount.
//   const chart = useChart(el, { ready: (c) => { … } })
// `chart()` is the instance, or null before it is loaded and after unmount.
// `ready` gets the new instance (not called if the component has unmounted
// meanwhile): the place to bind events and draw the first time.
import { onMounted, onBeforeUnmount } from 'vue';

export function useChart(el, { ready }) {
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
  });
  return () => chart;
}
