// cli/mpi_context.cpp — MPI set-up for batches.
#include "cli/mpi_context.hpp"

#include <cstdlib>
#include <initializer_list>
#include <stdexcept>
#include <string>

#ifdef QUASIM_HAVE_MPI
#define OMPI_SKIP_MPICXX 1  // the C API only; no C++ bindings to link
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace quasim {

bool launched_by_mpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"})
    if (std::getenv(v)) return true;
  return false;
}

MpiContext::MpiContext() {
#ifdef QUASIM_HAVE_MPI
  if (!launched_by_mpi()) return;
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  initialised_ = true;
#else
  // Without MPI every rank would run the whole batch: say so instead of wasting N-1 of them.
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"})
    if (const char* n = std::getenv(v); n && std::atoi(n) > 1)
      throw std::runtime_error(
          std::string("launched on ") + n +
          " MPI ranks, but this quasim was built without "
          "MPI: apt-get install libopenmpi-dev and rebuild (cmake -DQUASIM_MPI=ON), "
          "or run one process");
#endif
}

MpiContext::~MpiContext() {
#ifdef QUASIM_HAVE_MPI
  if (initialised_) MPI_Finalize();
#endif
}

void MpiContext::barrier() const {
#ifdef QUASIM_HAVE_MPI
  if (initialised_) MPI_Barrier(MPI_COMM_WORLD);
#endif
}

bool MpiContext::all(bool ok) const {
#ifdef QUASIM_HAVE_MPI
  if (initialised_) {
    int mine = ok ? 1 : 0, every = 0;
    MPI_Allreduce(&mine, &every, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    return every == 1;
  }
#endif
  return ok;
}

}  // namespace quasim
