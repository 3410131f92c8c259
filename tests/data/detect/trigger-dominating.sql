UPDATE tracks SET plays = plays + 1 WHERE owner_id = 4242;
