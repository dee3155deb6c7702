// The slice of autocannon's API the harnesses use (the package ships no types, and
// @types/autocannon is not among the allowed dependencies).
declare module "autocannon" {
  interface Percentiles {
    p50: number;
    p90: number;
    p99: number;
    p99_9: number;
    average: number;
    max: number;
  }
  interface RequestSpec {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    setupRequest?: (request: RequestSpec, context: Record<string, unknown>) => RequestSpec;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    pipelining?: number;
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
    requests?: RequestSpec[];
    overallRate?: number;
  }
  interface Result {
    latency: Percentiles;
    requests: Percentiles & { total: number };
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    "2xx": number;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
