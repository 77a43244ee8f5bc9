/** Charts and the HTML report of a tiersim results folder. */
export { chartsFor, type NamedChart } from './charts.js';
export { bedOccupancySpec } from './charts/bedOccupancy.js';
export { forestPlotSpec } from './charts/forestPlot.js';
export { referralFlowsSpec } from './charts/referralFlows.js';
export { referralNetworkSpec } from './charts/referralNetwork.js';
export { sweepSpec } from './charts/sweep.js';
export { waitDistributionSpec } from './charts/waitDistribution.js';
export { buildReportHtml, writeReport } from './html.js';
export { toPng, toSvg, toVega } from './render.js';
export { type Manifest, ResultsFolderError, readManifest, readResultTable } from './results.js';
export { CHART_FORMATS, type ChartFormat, writeCharts } from './write.js';
