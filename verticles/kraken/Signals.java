package kraken;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT start a drain; the process exits 0 once it is done. A shutdown hook would run the same
 * drain but the JVM would then report 143, which orchestrators read as a crash.
 */
final class Signals {

  private Signals() {
  }

  static void onTerminate(Runnable drain) {
    Runnable once = new Runnable() {
      private boolean started;

      @Override
      public synchronized void run() {
        if (!started) {
          started = true;
          new Thread(drain, "kraken-drain").start();
        }
      }
    };
    Signal.handle(new Signal("TERM"), signal -> once.run());
    Signal.handle(new Signal("INT"), signal -> once.run());
  }
}
