// tests/output/make_fixture.cpp — writes a result file from fabricated replicates, for the
// Python tests (plot, report, h5py/xarray round trip) and for timing the writer.
// Usage: make_fixture OUT.h5 [--replicates N] [--years N] [--commissioners N] [--domains N]
//                    [--groups N] [--seed N] [--name NAME] [--budget-change X] [--panels] [--time]
#include <chrono>
#include <cstdio>
#include <exception>
#include <string>

#include "output/result_file.hpp"
#include "tests/output/fabricate.hpp"

int main(int argc, char** argv) {
  using quasim::test::FixtureSpec;
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: make_fixture OUT.h5 [--replicates N] [--years N] "
                 "[--commissioners N] [--domains N] [--groups N] [--seed N] [--name NAME] "
                 "[--budget-change X] [--panels] [--time]\n");
    return 2;
  }
  FixtureSpec spec;
  bool time = false;
  try {
    for (int i = 2; i < argc; ++i) {
      const std::string a = argv[i];
      auto next = [&]() -> std::string {
        if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
        return argv[++i];
      };
      if (a == "--replicates")
        spec.replicates = std::stoi(next());
      else if (a == "--years")
        spec.years = std::stoi(next());
      else if (a == "--commissioners")
        spec.commissioners = std::stoi(next());
      else if (a == "--domains")
        spec.domains = std::stoi(next());
      else if (a == "--groups")
        spec.groups = std::stoi(next());
      else if (a == "--seed")
        spec.seed = std::stoll(next());
      else if (a == "--name")
        spec.name = next();
      else if (a == "--budget-change")
        spec.budget_change = std::stod(next());
      else if (a == "--panels")
        spec.panels = true;
      else if (a == "--time")
        time = true;
      else
        throw std::invalid_argument("unknown option " + a);
    }
    const auto results = quasim::test::fabricate_results(spec);
    const auto prov = quasim::test::fabricate_provenance(spec);
    const auto t0 = std::chrono::steady_clock::now();
    quasim::write_result_file(argv[1], prov, results);
    const std::chrono::duration<double> dt = std::chrono::steady_clock::now() - t0;
    if (time) std::printf("wrote %s in %.3f s\n", argv[1], dt.count());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "make_fixture: %s\n", e.what());
    return 1;
  }
  return 0;
}
