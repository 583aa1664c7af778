import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**", "runs/**", ".scratch/**", ".cache/**"],
    // PDF parsing and OCR are CPU-heavy on a 2-core machine; generous timeouts avoid flaky CI, never assert on time.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
