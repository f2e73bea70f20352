//! The hot loop allocates nothing per quote once the scorer's buffers and word cache are warm.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn scoring_known_words_does_not_allocate() {
    let model = tezis::Model::embedded().unwrap();
    let texts = [
        "Новая Конституция укрепит права граждан, а Курултай станет сильнее.",
        "Депутаты не поддерживают переход к партийным спискам без мажоритарки!",
        "«Цифровой кодекс» — это шаг к удобному eGov; утечки данных надо остановить.",
        "Ещё ЁЛКИ, 2026 год — Нацбанк сохранил ставку на 18%.",
    ];
    let mut scorer = model.scorer();
    for t in &texts {
        scorer.score(t); // warm the buffers and the word cache
    }
    let before = ALLOCS.load(Ordering::Relaxed);
    for _ in 0..50 {
        for t in &texts {
            scorer.score(t);
            assert!(scorer.best(0).1 > 0.0);
        }
    }
    let after = ALLOCS.load(Ordering::Relaxed);
    assert_eq!(after - before, 0, "allocations in 200 warm scorings");
}
