// The floor: a program that imports nothing (bench/run.py compares the others with it).
console.log('hello');
