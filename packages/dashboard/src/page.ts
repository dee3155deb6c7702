/** The dashboard's one page: the script fills `main` from the event stream. */
export const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>rafaga dashboard</title>
<style>
  :root { color-scheme: light; font-family: system-ui, sans-serif; background: #f4f5f7; color: #1d2330; }
  body { margin: 0; }
  header { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: baseline; padding: .75rem 1rem; background: #1d2330; color: #fff; }
  header h1 { margin: 0; font-size: 1.2rem; }
  #status { font-size: .9rem; opacity: .85; }
  #status.error { color: #ffb4a8; opacity: 1; }
  main { padding: .5rem 1rem 2rem; }
  h2 { margin: 1.25rem 0 .5rem; font-size: 1.1rem; }
  .panels { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(min(100%, 400px), 1fr)); }
  section.panel { background: #fff; border-radius: 6px; padding: .75rem; box-shadow: 0 1px 2px #0002; min-width: 0; }
  section.panel h3 { margin: 0 0 .5rem; font-size: .95rem; }
  .chart { position: relative; height: 220px; }
  .values { overflow-x: auto; }
  table { border-collapse: collapse; width: 100%; font-size: .85rem; margin-top: .5rem; font-variant-numeric: tabular-nums; }
  th, td { text-align: left; padding: .15rem .4rem; border-bottom: 1px solid #e3e5ea; }
  td.number, th.number { text-align: right; }
  td, tbody th { white-space: nowrap; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: .3rem 1rem; margin: 0; font-size: .9rem; }
  dt { color: #555; }
  dd { margin: 0; font-weight: 600; }
  label { font-size: .85rem; }
</style>
</head>
<body>
<header><h1>rafaga</h1><span id="status">connecting...</span></header>
<main id="domains"></main>
<script src="/app.js"></script>
</body>
</html>
`;
