// The tests start several silo-host processes each, and one of them measures failure detection: run one test at a
// time, so that processes of other tests do not compete for the machine's cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
