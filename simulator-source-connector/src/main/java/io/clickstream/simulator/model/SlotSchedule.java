package io.clickstream.simulator.model;

/**
 * When each slot acts next: a binary min-heap of slot numbers keyed by (due time, slot number). The key is a total
 * order, so the slot that acts next is always the unique least one, whatever the heap's shape. Only the first slot is
 * ever rescheduled, so a sift down is the only repair there is.
 *
 * <p>Primitive arrays rather than a {@code PriorityQueue<Integer>}: no boxed entry per slot, and one sift per event
 * instead of a poll and an offer.
 */
final class SlotSchedule {
    private final int slots;
    private final long[] due;
    private final int[] heap;

    /** Slot {@code s} first due at {@code due[s]}; the schedule keeps (and updates) the array. */
    SlotSchedule(long[] due) {
        this.slots = due.length;
        this.due = due;
        this.heap = new int[slots];
        for (int s = 0; s < slots; s++) {
            heap[s] = s;
        }
        for (int i = slots / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    /** The slot that acts next. */
    int first() {
        return heap[0];
    }

    /** When {@link #first()} acts. */
    long firstDue() {
        return due[heap[0]];
    }

    /** Moves {@link #first()} to {@code time}. */
    void rescheduleFirst(long time) {
        due[heap[0]] = time;
        siftDown(0);
    }

    private void siftDown(int i) {
        int node = heap[i];
        long key = due[node];
        int half = slots >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < slots && before(heap[right], heap[child])) {
                child = right;
            }
            int c = heap[child];
            if (due[c] > key || (due[c] == key && c > node)) {
                break;
            }
            heap[i] = c;
            i = child;
        }
        heap[i] = node;
    }

    private boolean before(int a, int b) {
        return due[a] < due[b] || (due[a] == due[b] && a < b);
    }
}
