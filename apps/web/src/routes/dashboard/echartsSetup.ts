// Apache ECharts, only the parts the dashboard draws: line and bar charts on a grid, with tooltip,
// legend and the SVG renderer. Imported lazily (EChart.tsx) so no other page carries it.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, MarkLineComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, SVGRenderer]);

export { echarts };
