// The parts of ECharts the app draws with, registered once. Imported only
// through a dynamic import() from chart components, so ECharts is a chunk
// of its own that pages without a chart never load.
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export default echarts;
