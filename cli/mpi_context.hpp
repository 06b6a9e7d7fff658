// cli/mpi_context.hpp — MPI when quasim is built with it and started by mpirun; otherwise a
// single process (rank 0 of 1). Only `quasim batch` uses it.
#pragma once

namespace quasim {

class MpiContext {
 public:
  MpiContext();
  ~MpiContext();
  MpiContext(const MpiContext&) = delete;
  MpiContext& operator=(const MpiContext&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }
  /// Waits for every rank (no-op without MPI).
  void barrier() const;
  /// Logical AND of `ok` over ranks (so one failing rank fails all).
  bool all(bool ok) const;

 private:
  int rank_ = 0;
  int size_ = 1;
  bool initialised_ = false;
};

/// True if this process was started by an MPI launcher (OpenMPI, MPICH, Slurm's PMI).
bool launched_by_mpi();

}  // namespace quasim
