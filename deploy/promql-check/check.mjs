// Parses PromQL with Prometheus's own Lezer grammar (the one the Prometheus UI uses) and lists
// the metric names each expression selects.
//   stdin:  [{"source": "alert BacklogGrowing", "expr": "sum(rate(x_total[5m]))"}, ...]
//   stdout: [{"source": ..., "expr": ..., "errors": ["unexpected input at 12"], "metrics": ["x_total"]}]
// Grafana's interval variables are replaced by a literal range first, as Grafana does before
// sending the query.
import { parser } from "@prometheus-io/lezer-promql";

const GRAFANA_RANGES = /\$__(rate_interval|interval|range)/g;

function analyse({ source, expr }) {
  const text = expr.replace(GRAFANA_RANGES, "5m");
  const tree = parser.parse(text);
  const errors = [];
  const metrics = new Set();
  tree.iterate({
    enter(node) {
      if (node.type.isError) {
        errors.push(`unexpected input at ${node.from}: '${text.slice(node.from, node.to + 10)}'`);
      }
      if (node.name === "VectorSelector") {
        const name = node.node.getChild("Identifier");
        if (name) {
          metrics.add(text.slice(name.from, name.to));
        }
      }
    },
  });
  return { source, expr, errors, metrics: [...metrics].sort() };
}

let input = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) {
  input += chunk;
}
console.log(JSON.stringify(JSON.parse(input).map(analyse)));
